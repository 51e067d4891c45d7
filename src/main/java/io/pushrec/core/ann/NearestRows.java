package io.pushrec.core.ann;

import io.pushrec.core.VectorTable;

/**
 * Finds the rows of an item-vector table whose dot product with a query is highest: the step of every event's
 * scoring that grows with the catalogue. {@link ExactNearestRows} scans every row; {@link InvertedFileIndex} scans
 * only the lists of the k-means centroids best for the query, for catalogues too large to scan per event.
 */
public interface NearestRows {
  /**
   * Up to {@code k} rows of {@code table}, best first, none of which {@code filter} rules out. Scores are the
   * exact dot products with the table's own vectors, whatever the search walked to find the rows.
   */
  int[] nearest(VectorTable table, float[] query, int k, RowFilter filter);
}
