package io.pushrec.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FusionTest {
  @TempDir
  Path dir;

  @Test
  void componentsAreScaledPerUserBeforeWeighting() {
    FusionScorer fusion = new FusionScorer(
        List.of(SyntheticLogs.fixed(0, 10, 20), SyntheticLogs.fixed(5, 5, 5), SyntheticLogs.fixed(1, 0, 0)),
        new float[] {1f, 7f, 0.5f});
    float[] out = new float[3];
    fusion.scoreAll(new int[0], out);
    // First component scales to 0, 0.5, 1; the constant one has no opinion; the last to 1, 0, 0.
    assertArrayEquals(new float[] {0.5f, 0.5f, 1f}, out, 1e-6f);
  }

  /** A scorer with no idea: random scores that do not depend on the history. */
  static SequenceScorer noise(int numItems) {
    float[] scores = new float[numItems];
    Random random = new Random(1);
    for (int i = 0; i < numItems; i++) scores[i] = random.nextFloat();
    return SyntheticLogs.fixed(scores);
  }

  @Test
  void weightSearchOnValidationPrefersTheInformativeComponent() {
    SequenceDataset data = SyntheticLogs.cycles(300, 80, 0.1, 2);
    LeaveOneOutSplit split = new LeaveOneOutSplit(data);
    ValidationObjective objective = new ValidationObjective(split, 1000, 1, 2);
    SequenceScorer covis = new ScorerRecipe.CoVisitation(CoVisitationBuilder.Params.DEFAULT, 0.5f, 20)
        .fit(TrainingSequences.beforeValidation(split), data.numItems());
    SequenceScorer random = noise(data.numItems());
    float[] weights = FusionTuner.tune(List.of(random, covis), objective, line -> {});
    assertTrue(weights[1] > 2 * weights[0], "weights " + weights[0] + ", " + weights[1]);
    double fused = objective.ndcg10(new FusionScorer(List.of(random, covis), weights));
    double equal = objective.ndcg10(new FusionScorer(List.of(random, covis), new float[] {1, 1}));
    assertTrue(fused > equal);
    assertTrue(fused >= objective.ndcg10(covis) - 1e-9);
  }

  /**
   * Full ranking alone cannot see how the long tail is ordered, which the sampled protocol measures; the
   * weights serve both, so the fusion must not trail its best part on either.
   */
  @Test
  void tunedWeightsAreAtLeastAsGoodAsTheBestComponentUnderBothProtocols() {
    SequenceDataset data = SyntheticLogs.cycles(400, 120, 0.3, 3);
    LeaveOneOutSplit split = new LeaveOneOutSplit(data);
    ValidationObjective objective = new ValidationObjective(split, 1000, 1, 2);
    List<int[]> train = TrainingSequences.beforeValidation(split);
    List<SequenceScorer> parts = List.of(new ScorerRecipe.Popularity().fit(train, data.numItems()),
        new ScorerRecipe.CoVisitation(CoVisitationBuilder.Params.DEFAULT, 0.5f, 20).fit(train, data.numItems()));
    FusionScorer fused = new FusionScorer(parts, FusionTuner.tune(parts, objective, line -> {}));
    for (SequenceScorer part : parts) {
      assertTrue(objective.ndcg10(fused) >= objective.ndcg10(part) - 0.005,
          "full " + objective.ndcg10(fused) + " vs " + objective.ndcg10(part));
      assertTrue(objective.sampledNdcg10(fused) >= objective.sampledNdcg10(part) - 0.005,
          "sampled " + objective.sampledNdcg10(fused) + " vs " + objective.sampledNdcg10(part));
    }
  }

  @Test
  void savedModelScoresExactlyAsBeforeWithoutTheLog() throws IOException {
    SequenceDataset data = SyntheticLogs.cycles(200, 40, 0.2, 4);
    LeaveOneOutSplit split = new LeaveOneOutSplit(data);
    FusionModel model = FusionTraining.buildAndTune(split, Map.of(), 2, line -> {}).model();
    model.save(dir);
    FusionModel loaded = FusionModel.load(dir);
    assertEquals(model.items().ids(), loaded.items().ids());
    assertEquals(model.components().stream().map(FusionModel.Component::name).toList(),
        loaded.components().stream().map(FusionModel.Component::name).toList());
    float[] before = new float[model.numItems()];
    float[] after = new float[model.numItems()];
    for (int u = 0; u < data.numUsers(); u += 7) {
      model.scoreAll(split.testHistory(u), before);
      loaded.scoreAll(split.testHistory(u), after);
      assertArrayEquals(before, after, 0f);
    }
    List<String> recent = List.of("i3", "i4", "unknown-new-item");
    assertEquals(model.recommend(recent, 5), loaded.recommend(recent, 5));
    assertEquals("i5", loaded.recommend(recent, 1).get(0).itemId(), "the planted next step of i4");
    int[] history = loaded.history(recent);
    assertEquals(1, loaded.strongestSource(history, loaded.items().indexOf("i5")), "i5 is there because of i4");
    assertEquals(model.info(), loaded.info());
  }

  @Test
  void aComponentKindWithoutLoaderIsReportedByName() throws IOException {
    SequenceDataset data = SyntheticLogs.cycles(50, 20, 0.2, 4);
    FusionModel model = FusionTraining.buildAndTune(new LeaveOneOutSplit(data), Map.of(), 1, line -> {}).model();
    model.save(dir);
    Path descriptor = dir.resolve(FusionModel.DESCRIPTOR);
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = (ObjectNode) json.readTree(descriptor.toFile());
    ((ObjectNode) root.get("components").get(0)).put("kind", "no-such-kind");
    json.writeValue(descriptor.toFile(), root);
    IOException e = assertThrows(IOException.class, () -> FusionModel.load(dir));
    assertTrue(e.getMessage().contains("no-such-kind"), e.getMessage());
  }
}
