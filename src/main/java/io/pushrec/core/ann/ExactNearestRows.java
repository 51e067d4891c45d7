package io.pushrec.core.ann;

import io.pushrec.core.VectorTable;
import java.util.Arrays;

/**
 * Every row's dot product with the query, one pass over the matrix. The filter's named items become row numbers
 * once per search and its predicate is asked only about rows that would enter the top k, so the pass costs the
 * dot products and little else.
 */
public final class ExactNearestRows implements NearestRows {
  public static final ExactNearestRows INSTANCE = new ExactNearestRows();

  private ExactNearestRows() {}

  @Override
  public int[] nearest(VectorTable table, float[] query, int k, RowFilter filter) {
    if (k <= 0 || table.size() == 0) return new int[0];
    int[] excludedRows = filter.excluded().stream().mapToInt(table::rowOf).filter(r -> r >= 0).sorted().toArray();
    TopRows top = new TopRows(k);
    for (int row = 0, n = table.size(); row < n; row++) {
      float score = table.dot(row, query);
      if (!top.wouldTake(score)) continue;
      if (Arrays.binarySearch(excludedRows, row) >= 0 || !filter.admissible().test(table.idOf(row))) continue;
      top.offer(score, row);
    }
    return top.bestFirst();
  }

  @Override
  public String toString() {
    return "exact scan";
  }
}
