package io.pushrec.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushrec.core.LeaveOneOutSplit;
import io.pushrec.core.SequenceDataset;
import io.pushrec.core.SequenceScorer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SasRecTrainerTest {
  private static final int ITEMS = 60;

  /** Every user walks the catalogue in order (item i is followed by i+1) from a random start. */
  private static LeaveOneOutSplit plantedPattern() {
    Random random = new Random(9);
    Map<String, List<String>> byUser = new LinkedHashMap<>();
    for (int u = 0; u < 300; u++) {
      List<String> items = new ArrayList<>();
      int start = random.nextInt(ITEMS);
      int length = 4 + random.nextInt(8);
      for (int i = 0; i < length; i++) items.add("i" + (start + i) % ITEMS);
      byUser.put("u" + u, items);
    }
    return new LeaveOneOutSplit(SequenceDataset.of(byUser));
  }

  @Test
  void learnsAPlantedSequentialPatternFarBeyondPopularity(@TempDir Path dir) throws Exception {
    LeaveOneOutSplit split = plantedPattern();
    SasRecTrainer.Options options = new SasRecTrainer.Options(16, 10, 1, 0.1f, 0.01f, 0f, 32, 20, 0.5, 15, 3, 300,
        1.0, 1, false);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    SasRecTrainer.Result result = new SasRecTrainer(options, new PrintStream(log, true, StandardCharsets.UTF_8))
        .train(split, Map.of());

    int[] users = IntStream.range(0, split.data().numUsers()).toArray();
    double model = HoldoutRanking.evaluate(result.model(), split, users, HoldoutRanking.Target.VALIDATION,
        HoldoutRanking.Protocol.FULL, 1).hitRate10();
    double popularity = HoldoutRanking.evaluate(popularity(split), split, users, HoldoutRanking.Target.VALIDATION,
        HoldoutRanking.Protocol.FULL, 1).hitRate10();
    assertTrue(model > 0.9 && model > popularity + 0.5, "SASRec HR@10 " + model + ", popularity " + popularity);
    assertTrue(log.toString(StandardCharsets.UTF_8).contains("validation NDCG@10"), "progress is reported");
    // Early stopping chose by these figures: each must be the model of its epoch (all 300 users validate here).
    assertTrue(result.bestEpoch() > 0, "training improved on its starting point");
    assertEquals(result.curve().get(result.bestEpoch() - 1).validationNdcg10(), HoldoutRanking.evaluate(result.model(),
        split, users, HoldoutRanking.Target.VALIDATION, HoldoutRanking.Protocol.FULL, 1).ndcg10(), 1e-12,
        "the curve's best validation NDCG@10 is the returned model's");

    TrainingChart.write(dir.resolve("curve.html"), "test", result.curve(), result.bestEpoch());
    String html = Files.readString(dir.resolve("curve.html"));
    assertTrue(html.contains("<svg") && html.contains("<polyline"), "the chart has its curves");
  }

  /**
   * Items that only ever appear as validation targets are new to the early-stopped model, which never trains
   * on a validation item; the refit trains on everything but the test items, so it learns them.
   */
  @Test
  void theRefitLearnsFromTheValidationItemsTheEarlyStoppedModelNeverSaw() {
    Random random = new Random(5);
    Map<String, List<String>> byUser = new LinkedHashMap<>();
    for (int u = 0; u < 300; u++) {
      List<String> items = new ArrayList<>();
      int start = random.nextInt(ITEMS);
      int length = 4 + random.nextInt(8);
      for (int i = 0; i < length; i++) items.add("i" + (start + i) % ITEMS);
      items.add("new" + (start + length - 1) % 5);
      items.add("i" + (start + length) % ITEMS);
      byUser.put("u" + u, items);
    }
    LeaveOneOutSplit split = new LeaveOneOutSplit(SequenceDataset.of(byUser));
    SasRecTrainer.Options options = new SasRecTrainer.Options(16, 10, 1, 0.1f, 0.01f, 0f, 32, 20, 0.5, 8, 8, 300,
        1.0, 1, false);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    SasRecTrainer trainer = new SasRecTrainer(options, new PrintStream(log, true, StandardCharsets.UTF_8));
    SasRecTrainer.Result fitted = trainer.train(split, Map.of());
    SasRecModel refit = trainer.refit(split, fitted.model(), 10, 1.0).orElseThrow();

    int[] users = IntStream.range(0, split.data().numUsers()).toArray();
    double before = HoldoutRanking.evaluate(fitted.model(), split, users, HoldoutRanking.Target.VALIDATION,
        HoldoutRanking.Protocol.FULL, 1).hitRate10();
    double after = HoldoutRanking.evaluate(refit, split, users, HoldoutRanking.Target.VALIDATION,
        HoldoutRanking.Protocol.FULL, 1).hitRate10();
    assertTrue(after > before + 0.3, "validation HR@10 early-stopped " + before + ", refit " + after);
    assertTrue(log.toString(StandardCharsets.UTF_8).contains("refit epoch"), "the refit reports progress");
  }

  @Test
  void aRefitThatCannotFinishInItsBudgetIsNotReturned() {
    LeaveOneOutSplit split = plantedPattern();
    SasRecTrainer.Options options = new SasRecTrainer.Options(16, 10, 1, 0.1f, 0.01f, 0f, 32, 20, 0.5, 1, 3, 300,
        1.0, 1, false);
    SasRecTrainer trainer = new SasRecTrainer(options, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    SasRecModel fitted = trainer.train(split, Map.of()).model();
    assertTrue(trainer.refit(split, fitted, 5, 0.0).isEmpty());
  }

  private static SequenceScorer popularity(LeaveOneOutSplit split) {
    float[] counts = new float[split.data().numItems()];
    for (int u = 0; u < split.data().numUsers(); u++) for (int item : split.train(u)) counts[item]++;
    return new SequenceScorer() {
      @Override
      public int numItems() {
        return counts.length;
      }

      @Override
      public void scoreAll(int[] history, float[] out) {
        System.arraycopy(counts, 0, out, 0, counts.length);
      }
    };
  }
}
