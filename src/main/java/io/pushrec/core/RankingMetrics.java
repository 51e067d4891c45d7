package io.pushrec.core;

/**
 * The leave-one-out ranking metrics. A rank is 0-based: the number of competing candidates that score at
 * least as high as the target. Ties count against the target, so a scorer that gives many items the same
 * score (say, zero evidence) cannot score hits by luck of the iteration order.
 */
public final class RankingMetrics {
  private RankingMetrics() {}

  /** Rank of {@code target} among every item that is not {@code excluded}; the target itself always competes. */
  public static int fullRank(float[] scores, int target, boolean[] excluded) {
    float t = scores[target];
    if (Float.isNaN(t)) return scores.length;
    int rank = 0;
    for (int i = 0; i < scores.length; i++) {
      if (scores[i] >= t && i != target && !excluded[i]) rank++;
    }
    return rank;
  }

  /** Rank of {@code target} among itself and the sampled {@code negatives}. */
  public static int sampledRank(float[] scores, int target, int[] negatives) {
    float t = scores[target];
    if (Float.isNaN(t)) return negatives.length;
    int rank = 0;
    for (int n : negatives) {
      if (scores[n] >= t) rank++;
    }
    return rank;
  }

  public static boolean hit(int rank, int k) {
    return rank < k;
  }

  /** With one relevant item the ideal DCG is 1, so NDCG is the discounted gain of the target's position. */
  public static double ndcg(int rank, int k) {
    return rank < k ? 1.0 / log2(rank + 2) : 0.0;
  }

  public static double reciprocalRank(int rank) {
    return 1.0 / (rank + 1);
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  /**
   * The k best items that are not excluded, best first; equal scores go to the lower index so that the
   * list, and the coverage computed from it, do not depend on thread scheduling.
   */
  public static int[] topK(float[] scores, int k, boolean[] excluded) {
    int[] best = new int[k];
    int size = 0;
    for (int i = 0; i < scores.length; i++) {
      if (excluded[i] || Float.isNaN(scores[i])) continue;
      if (size == k && !(scores[i] > scores[best[k - 1]])) continue;
      int pos = size < k ? size++ : k - 1;
      while (pos > 0 && scores[i] > scores[best[pos - 1]]) {
        best[pos] = best[pos - 1];
        pos--;
      }
      best[pos] = i;
    }
    return size == k ? best : java.util.Arrays.copyOf(best, size);
  }
}
