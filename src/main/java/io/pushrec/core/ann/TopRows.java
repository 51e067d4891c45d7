package io.pushrec.core.ann;

import java.util.Arrays;

/** The k best (score, row) pairs seen so far, on two primitive arrays: a min-heap whose root is the one to beat. */
final class TopRows {
  private final float[] scores;
  private final int[] rows;
  private int size;

  TopRows(int k) {
    scores = new float[Math.max(k, 1)];
    rows = new int[Math.max(k, 1)];
  }

  /** Whether a row of this score would be kept: checking it costs the caller more than this comparison. */
  boolean wouldTake(float score) {
    return size < scores.length || score > scores[0];
  }

  boolean isFull() {
    return size == scores.length;
  }

  boolean contains(int row) {
    for (int i = 0; i < size; i++) if (rows[i] == row) return true;
    return false;
  }

  void offer(float score, int row) {
    if (size < scores.length) {
      int i = size++;
      while (i > 0 && scores[(i - 1) / 2] > score) {
        scores[i] = scores[(i - 1) / 2];
        rows[i] = rows[(i - 1) / 2];
        i = (i - 1) / 2;
      }
      scores[i] = score;
      rows[i] = row;
    } else if (score > scores[0]) {
      int i = 0;
      while (true) {
        int child = 2 * i + 1;
        if (child >= size) break;
        if (child + 1 < size && scores[child + 1] < scores[child]) child++;
        if (scores[child] >= score) break;
        scores[i] = scores[child];
        rows[i] = rows[child];
        i = child;
      }
      scores[i] = score;
      rows[i] = row;
    }
  }

  /** The rows kept, best score first (equal scores: lower row first). */
  int[] bestFirst() {
    Integer[] order = new Integer[size];
    for (int i = 0; i < size; i++) order[i] = i;
    Arrays.sort(order, (a, b) -> scores[a] != scores[b] ? Float.compare(scores[b], scores[a])
        : Integer.compare(rows[a], rows[b]));
    int[] best = new int[size];
    for (int i = 0; i < size; i++) best[i] = rows[order[i]];
    return best;
  }
}
