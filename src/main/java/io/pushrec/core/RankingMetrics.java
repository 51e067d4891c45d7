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
    int size = topK(scores, excluded, best);
    return size == k ? best : java.util.Arrays.copyOf(best, size);
  }

  /**
   * The same selection into the caller's array (its length is k), which a hot path can reuse from event to
   * event: returns how many items it holds, best first. NaN scores are skipped. It keeps a bounded heap of
   * item indices whose root is the weakest kept item, so each of the n scores costs one comparison with that
   * root, and only an item that beats it costs log k more.
   */
  public static int topK(float[] scores, boolean[] excluded, int[] best) {
    int k = best.length;
    int size = 0;
    int i = 0;
    for (; i < scores.length && size < k; i++) {
      if (excluded[i] || Float.isNaN(scores[i])) continue;
      best[size] = i;
      siftUp(scores, best, size++);
    }
    if (size == k && k > 0) {
      float weakest = scores[best[0]];
      for (; i < scores.length; i++) {
        // An equal score loses: i is a higher index than every kept item.
        if (!(scores[i] > weakest) || excluded[i]) continue;
        best[0] = i;
        siftDown(scores, best, 0, k);
        weakest = scores[best[0]];
      }
    }
    for (int end = size - 1; end > 0; end--) {
      int weakestItem = best[0];
      best[0] = best[end];
      best[end] = weakestItem;
      siftDown(scores, best, 0, end);
    }
    return size;
  }

  /** Whether item a ranks below item b: a lower score, or the same score and a higher index. */
  private static boolean weaker(float[] scores, int a, int b) {
    return scores[a] < scores[b] || (scores[a] == scores[b] && a > b);
  }

  private static void siftUp(float[] scores, int[] heap, int position) {
    while (position > 0) {
      int parent = (position - 1) >>> 1;
      if (!weaker(scores, heap[position], heap[parent])) return;
      int item = heap[position];
      heap[position] = heap[parent];
      heap[parent] = item;
      position = parent;
    }
  }

  private static void siftDown(float[] scores, int[] heap, int position, int size) {
    while (true) {
      int child = 2 * position + 1;
      if (child >= size) return;
      if (child + 1 < size && weaker(scores, heap[child + 1], heap[child])) child++;
      if (!weaker(scores, heap[child], heap[position])) return;
      int item = heap[position];
      heap[position] = heap[child];
      heap[child] = item;
      position = child;
    }
  }
}
