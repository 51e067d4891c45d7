package io.pushrec.model;

import java.util.Arrays;
import java.util.Random;

/**
 * Starting item embeddings from the training sequences: the top eigenvectors of the positive pointwise mutual
 * information (PPMI) matrix of items seen within a few steps of each other, scaled by the square roots of
 * their eigenvalues, so that e_i . e_j approximates PPMI(i, j). With near-identity blocks at the start, the
 * encoder's first guess is then "items that co-occur with the last one", and training spends its few epochs
 * on what co-occurrence cannot express (order, longer context) rather than on rediscovering it.
 */
final class CooccurrenceInit {
  private static final int OVERSAMPLE = 8;
  private static final int POWER_ITERATIONS = 3;

  private CooccurrenceInit() {}

  static void initialise(float[] table, int numItems, int dim, int[][] sequences, int window, Random random) {
    Sparse ppmi = ppmi(numItems, sequences, window);
    int k = Math.min(numItems, dim + OVERSAMPLE);
    double[][] q = new double[k][numItems];
    for (double[] column : q) for (int i = 0; i < numItems; i++) column[i] = random.nextGaussian();
    orthonormalise(q);
    for (int it = 0; it < POWER_ITERATIONS; it++) {
      q = ppmi.times(q);
      orthonormalise(q);
    }
    double[][] mq = ppmi.times(q);
    double[][] small = new double[k][k];
    for (int a = 0; a < k; a++) for (int b = 0; b < k; b++) small[a][b] = dot(q[a], mq[b]);
    double[][] vectors = new double[k][k];
    double[] values = Jacobi.eigen(small, vectors);
    Integer[] order = new Integer[k];
    for (int i = 0; i < k; i++) order[i] = i;
    Arrays.sort(order, (x, y) -> Double.compare(values[y], values[x]));
    for (int c = 0; c < dim; c++) {
      int e = c < k ? order[c] : -1;
      double scale = e < 0 ? 0 : Math.sqrt(Math.max(0, values[e]));
      for (int i = 0; i < numItems; i++) {
        double u = 0;
        if (e >= 0) for (int a = 0; a < k; a++) u += q[a][i] * vectors[a][e];
        // A little noise keeps items without co-occurrences apart.
        table[i * dim + c] = (float) (u * scale + 0.01 * random.nextGaussian());
      }
    }
  }

  /** Symmetric sparse matrix in compressed rows. */
  record Sparse(int n, int[] rowStart, int[] columns, double[] values) {
    /** M times the columns x[0..k-1]; works on a row-major copy so each non-zero reads one contiguous row. */
    double[][] times(double[][] x) {
      int k = x.length;
      double[] rowMajor = new double[n * k];
      for (int a = 0; a < k; a++) for (int i = 0; i < n; i++) rowMajor[i * k + a] = x[a][i];
      double[][] y = new double[k][n];
      double[] sum = new double[k];
      for (int r = 0; r < n; r++) {
        java.util.Arrays.fill(sum, 0);
        for (int p = rowStart[r]; p < rowStart[r + 1]; p++) {
          int c = columns[p] * k;
          double v = values[p];
          for (int a = 0; a < k; a++) sum[a] += v * rowMajor[c + a];
        }
        for (int a = 0; a < k; a++) y[a][r] = sum[a];
      }
      return y;
    }
  }

  static Sparse ppmi(int numItems, int[][] sequences, int window) {
    int pairs = 0;
    for (int[] s : sequences) for (int i = 0; i < s.length; i++) pairs += 2 * Math.min(window, s.length - 1 - i);
    long[] keys = new long[pairs];
    int m = 0;
    for (int[] s : sequences) {
      for (int i = 0; i < s.length; i++) {
        for (int j = i + 1; j <= Math.min(s.length - 1, i + window); j++) {
          keys[m++] = (long) s[i] * numItems + s[j];
          keys[m++] = (long) s[j] * numItems + s[i];
        }
      }
    }
    Arrays.sort(keys, 0, m);
    int[] rowStart = new int[numItems + 1];
    int[] columns = new int[m];
    double[] counts = new double[m];
    int nnz = 0;
    for (int p = 0; p < m; ) {
      int q = p;
      while (q < m && keys[q] == keys[p]) q++;
      int row = (int) (keys[p] / numItems);
      int col = (int) (keys[p] % numItems);
      if (row != col) {
        rowStart[row + 1]++;
        columns[nnz] = col;
        counts[nnz++] = q - p;
      }
      p = q;
    }
    for (int r = 0; r < numItems; r++) rowStart[r + 1] += rowStart[r];
    double[] rowSums = new double[numItems];
    double total = 0;
    for (int r = 0; r < numItems; r++) {
      for (int p = rowStart[r]; p < rowStart[r + 1]; p++) rowSums[r] += counts[p];
      total += rowSums[r];
    }
    for (int r = 0; r < numItems; r++) {
      for (int p = rowStart[r]; p < rowStart[r + 1]; p++) {
        counts[p] = Math.max(0, Math.log(counts[p] * total / (rowSums[r] * rowSums[columns[p]])));
      }
    }
    return new Sparse(numItems, rowStart, Arrays.copyOf(columns, nnz), Arrays.copyOf(counts, nnz));
  }

  private static void orthonormalise(double[][] columns) {
    for (int a = 0; a < columns.length; a++) {
      for (int b = 0; b < a; b++) {
        double proj = dot(columns[a], columns[b]);
        for (int i = 0; i < columns[a].length; i++) columns[a][i] -= proj * columns[b][i];
      }
      double norm = Math.sqrt(dot(columns[a], columns[a]));
      for (int i = 0; i < columns[a].length; i++) columns[a][i] = norm > 1e-12 ? columns[a][i] / norm : 0;
    }
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }
}
