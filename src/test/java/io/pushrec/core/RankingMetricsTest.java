package io.pushrec.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RankingMetricsTest {
  static final double EPS = 1e-9;

  @Test
  void fullRankCountsBetterAndTiedCandidatesButNotExcludedOnes() {
    float[] scores = {0.9f, 0.5f, 0.7f, 0.5f, 0.1f, 0.95f};
    boolean[] excluded = {false, false, false, false, false, true};
    // Target 1 (0.5): 0.9 and 0.7 beat it, item 3 ties and counts against it, item 5 is history.
    assertEquals(3, RankingMetrics.fullRank(scores, 1, excluded));
    assertEquals(0, RankingMetrics.fullRank(scores, 0, excluded));
    assertEquals(4, RankingMetrics.fullRank(scores, 4, excluded));
  }

  @Test
  void aTargetInTheHistoryStillCompetes() {
    float[] scores = {0.2f, 0.5f, 0.4f, 0.9f};
    boolean[] history = {false, true, false, true};
    // Item 1 was seen before and is the target again: it is ranked, other history (item 3) is not.
    assertEquals(0, RankingMetrics.fullRank(scores, 1, history));
  }

  @Test
  void sampledRankOnlyLooksAtTheNegatives() {
    float[] scores = {0.1f, 0.9f, 0.3f, 0.3f, 0.8f};
    assertEquals(1, RankingMetrics.sampledRank(scores, 2, new int[] {0, 3}));
    assertEquals(2, RankingMetrics.sampledRank(scores, 0, new int[] {2, 4}));
  }

  @Test
  void hitNdcgAndReciprocalRankByHand() {
    assertEquals(1.0, RankingMetrics.ndcg(0, 10), EPS);
    assertEquals(1 / (Math.log(3) / Math.log(2)), RankingMetrics.ndcg(1, 10), EPS);
    assertEquals(0.386852807234, RankingMetrics.ndcg(4, 5), 1e-9);
    assertEquals(0.0, RankingMetrics.ndcg(5, 5), EPS);
    assertEquals(0.25, RankingMetrics.reciprocalRank(3), EPS);
    assertEquals(true, RankingMetrics.hit(9, 10));
    assertEquals(false, RankingMetrics.hit(10, 10));
  }

  @Test
  void meansOverUsers() {
    MetricSums sums = new MetricSums();
    for (int rank : new int[] {0, 2, 7, 30}) sums.add(rank);
    Map<String, Double> m = sums.means();
    assertEquals(0.25, m.get("HR@1"), EPS);
    assertEquals(0.5, m.get("HR@5"), EPS);
    assertEquals(0.75, m.get("HR@10"), EPS);
    assertEquals((1 + 0.5) / 4, m.get("NDCG@5"), EPS);
    assertEquals((1 + 0.5 + 1 / (Math.log(9) / Math.log(2))) / 4, m.get("NDCG@10"), EPS);
    assertEquals((1 + 1 / 3.0 + 1 / 8.0 + 1 / 31.0) / 4, m.get("MRR"), EPS);
    assertEquals(4, sums.users());
  }

  @Test
  void topKIsBestFirstWithoutExcludedItemsAndBreaksTiesByIndex() {
    float[] scores = {0.5f, 0.9f, 0.5f, 0.7f, 0.95f, 0.1f};
    boolean[] excluded = {false, false, false, false, true, false};
    assertArrayEquals(new int[] {1, 3, 0, 2}, RankingMetrics.topK(scores, 4, excluded));
    assertArrayEquals(new int[] {1, 3, 0, 2, 5}, RankingMetrics.topK(scores, 10, excluded));
  }

  @Test
  void topKAgreesWithAFullSortOnScoresWithManyTiesNaNAndExclusions() {
    java.util.Random random = new java.util.Random(3);
    int[] reused = new int[7];
    for (int trial = 0; trial < 200; trial++) {
      int n = 1 + random.nextInt(60);
      float[] scores = new float[n];
      boolean[] excluded = new boolean[n];
      for (int i = 0; i < n; i++) {
        scores[i] = random.nextInt(10) == 0 ? Float.NaN : random.nextInt(8) - 4;
        excluded[i] = random.nextInt(5) == 0;
      }
      Integer[] order = java.util.stream.IntStream.range(0, n)
          .filter(i -> !excluded[i] && !Float.isNaN(scores[i])).boxed().toArray(Integer[]::new);
      java.util.Arrays.sort(order, (a, b) -> scores[a] != scores[b] ? Float.compare(scores[b], scores[a]) : a - b);
      int[] expected = java.util.Arrays.stream(order).mapToInt(Integer::intValue).limit(reused.length).toArray();
      int size = RankingMetrics.topK(scores, excluded, reused);
      assertArrayEquals(expected, java.util.Arrays.copyOf(reused, size), "trial " + trial);
      assertArrayEquals(expected, RankingMetrics.topK(scores, reused.length, excluded));
    }
  }
}
