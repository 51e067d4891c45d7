package io.pushrec.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OfflineEvaluatorTest {
  @TempDir
  Path dir;

  /** Items a..f; ann: a b c d (test d, validation c); bob: e a f (test f, validation a); cid: b e (train only). */
  SequenceDataset tiny(InteractionLog.Format format) throws IOException {
    Path file = dir.resolve("log.txt");
    if (format == InteractionLog.Format.SASREC) {
      Files.writeString(file, "ann a\nann b\nann c\nann d\nbob e\nbob a\nbob f\ncid b\ncid e\n");
    } else {
      Files.writeString(file, "ann a b c d\nbob e a f\ncid b e\n");
    }
    return SequenceDataset.read(file, format);
  }

  @Test
  void bothFormatsGiveTheSameSplit() throws IOException {
    for (InteractionLog.Format format : InteractionLog.Format.values()) {
      SequenceDataset data = tiny(format);
      LeaveOneOutSplit split = new LeaveOneOutSplit(data);
      ItemIndex items = data.items();
      assertEquals(6, data.numItems());
      assertTrue(split.isEvaluated(0));
      assertFalse(split.isEvaluated(2), "a user with two events is training data only");
      assertArrayEquals(new int[] {items.indexOf("a"), items.indexOf("b")}, split.validationHistory(0));
      assertEquals(items.indexOf("c"), split.validationTarget(0));
      assertEquals(items.indexOf("d"), split.testTarget(0));
      assertEquals(3, split.testHistory(0).length);
      assertArrayEquals(new int[] {0, 1}, new OfflineEvaluator(split, OfflineEvaluator.Protocol.FULL, 1, 1).evaluatedUsers());
    }
  }

  @Test
  void fullProtocolRanksTheTargetAgainstEverythingOutsideTheHistory() throws IOException {
    SequenceDataset data = tiny(InteractionLog.Format.S3REC);
    ItemIndex ix = data.items();
    float[] scores = new float[6];
    // History items score highest but must not count; among the rest d (ann's target) is 2nd, f (bob's) 1st.
    scores[ix.indexOf("a")] = 10;
    scores[ix.indexOf("b")] = 9;
    scores[ix.indexOf("c")] = 8;
    scores[ix.indexOf("e")] = 7;
    scores[ix.indexOf("f")] = 6;
    scores[ix.indexOf("d")] = 5;
    OfflineEvaluator evaluator = new OfflineEvaluator(new LeaveOneOutSplit(data), OfflineEvaluator.Protocol.FULL, 1, 2);
    EvaluationResult r = evaluator.evaluate(SyntheticLogs.fixed(scores), OfflineEvaluator.Target.TEST,
        OfflineEvaluator.Progress.NONE);
    // ann: history a b c, so e and f beat d: rank 2. bob: history e a, b c beat f: rank 2.
    assertEquals(2, r.users());
    assertEquals(0.0, r.metrics().get("HR@1"));
    assertEquals(1.0, r.metrics().get("HR@5"));
    assertEquals(0.5, r.metrics().get("NDCG@10"), 1e-9);
    assertEquals(1 / 3.0, r.metrics().get("MRR"), 1e-9);
    // Top 10 of ann: d e f; of bob: b c d f: five distinct items of six.
    assertEquals(5 / 6.0, r.metrics().get("coverage@10"), 1e-9);
  }

  @Test
  void sampledNegativesAreUntouchedDistinctAndReproducible() {
    SequenceDataset data = SyntheticLogs.cycles(50, 300, 0.2, 3);
    NegativeSampler sampler = new NegativeSampler(data, 42, 100);
    boolean[] scratch = new boolean[data.numItems()];
    for (int u = 0; u < data.numUsers(); u++) {
      int[] negatives = sampler.sample(u, scratch);
      Set<Integer> touched = new HashSet<>();
      for (int item : data.sequence(u)) touched.add(item);
      Set<Integer> distinct = new HashSet<>();
      for (int n : negatives) {
        assertFalse(touched.contains(n), "user " + u + " touched sampled item " + n);
        assertTrue(distinct.add(n));
      }
      assertEquals(Math.min(100, data.numItems() - touched.size()), negatives.length);
      assertArrayEquals(negatives, new NegativeSampler(data, 42, 100).sample(u, scratch));
    }
    for (boolean b : scratch) assertFalse(b, "scratch must come back clean");
  }

  @Test
  void aSmallCatalogueGivesEveryUntouchedItem() throws IOException {
    SequenceDataset data = tiny(InteractionLog.Format.SASREC);
    int[] negatives = new NegativeSampler(data, 42, 100).sample(0, new boolean[6]);
    assertEquals(2, negatives.length, "ann touched 4 of 6 items");
  }

  @Test
  void resultsDoNotDependOnThreadCountAndSampledIsEasierThanFull() {
    SequenceDataset data = SyntheticLogs.cycles(400, 500, 0.3, 5);
    LeaveOneOutSplit split = new LeaveOneOutSplit(data);
    SequenceScorer popularity = PopularityScorer.fit(TrainingSequences.beforeTest(split), data.numItems());
    EvaluationResult one = new OfflineEvaluator(split, OfflineEvaluator.Protocol.SAMPLED100, 9, 1)
        .evaluate(popularity, OfflineEvaluator.Target.TEST, OfflineEvaluator.Progress.NONE);
    EvaluationResult two = new OfflineEvaluator(split, OfflineEvaluator.Protocol.SAMPLED100, 9, 2)
        .evaluate(popularity, OfflineEvaluator.Target.TEST, OfflineEvaluator.Progress.NONE);
    assertEquals(one.metrics(), two.metrics());
    EvaluationResult full = new OfflineEvaluator(split, OfflineEvaluator.Protocol.FULL, 9, 2)
        .evaluate(popularity, OfflineEvaluator.Target.TEST, OfflineEvaluator.Progress.NONE);
    assertTrue(one.metrics().get("HR@10") > full.metrics().get("HR@10"));
  }
}
