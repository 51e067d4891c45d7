package io.pushrec.core;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * Collaborative item vectors in plain Java: the top eigenvectors of the normalised item co-occurrence matrix
 * S = D^-½ C D^-½ (C counts how often two items are near each other in a user's sequence), found by subspace
 * iteration, each scaled by the square root of its eigenvalue so that vᵢ·vⱼ ≈ Sᵢⱼ. A cheap, honest stand-in for
 * a trained model's item matrix: same shape, same role (dot products rank items), learned from behaviour only.
 */
public final class CooccurrenceEmbedding {
  /** Items at most this many positions apart in a sequence count as co-occurring. */
  static final int WINDOW = 3;
  static final int ITERATIONS = 25;

  private CooccurrenceEmbedding() {}

  /**
   * @param sequences each user's training items (dense indices), oldest first
   * @return one vector per item; all zeros for an item without co-occurrences
   */
  public static float[][] fit(int[][] sequences, int numItems, int dimension, long seed) {
    int[][] cols = new int[numItems][];
    float[][] vals = new float[numItems][];
    sparseCooccurrence(sequences, numItems, cols, vals);
    double[] degree = new double[numItems];
    for (int i = 0; i < numItems; i++) for (float v : vals[i]) degree[i] += v;
    for (int i = 0; i < numItems; i++) {
      for (int k = 0; k < cols[i].length; k++) {
        int j = cols[i][k];
        vals[i][k] /= (float) Math.sqrt(degree[i] * degree[j]);
      }
    }
    Random random = new Random(seed);
    double[][] q = new double[dimension][numItems];
    for (double[] col : q) for (int i = 0; i < numItems; i++) col[i] = random.nextGaussian();
    orthonormalise(q);
    for (int it = 0; it < ITERATIONS; it++) {
      q = multiply(cols, vals, q);
      orthonormalise(q);
    }
    double[][] sq = multiply(cols, vals, q);
    float[][] vectors = new float[numItems][dimension];
    for (int c = 0; c < dimension; c++) {
      double eigenvalue = 0;
      for (int i = 0; i < numItems; i++) eigenvalue += q[c][i] * sq[c][i];
      double scale = Math.sqrt(Math.max(0, eigenvalue));
      for (int i = 0; i < numItems; i++) vectors[i][c] = (float) (q[c][i] * scale);
    }
    return vectors;
  }

  private static void sparseCooccurrence(int[][] sequences, int numItems, int[][] cols, float[][] vals) {
    @SuppressWarnings("unchecked")
    Map<Integer, Float>[] rows = new Map[numItems];
    for (int i = 0; i < numItems; i++) rows[i] = new HashMap<>();
    for (int[] seq : sequences) {
      for (int a = 0; a < seq.length; a++) {
        for (int b = a + 1; b < seq.length && b - a <= WINDOW; b++) {
          if (seq[a] == seq[b]) continue;
          float w = 1f / (b - a);
          rows[seq[a]].merge(seq[b], w, Float::sum);
          rows[seq[b]].merge(seq[a], w, Float::sum);
        }
      }
    }
    for (int i = 0; i < numItems; i++) {
      cols[i] = new int[rows[i].size()];
      vals[i] = new float[rows[i].size()];
      int k = 0;
      for (Map.Entry<Integer, Float> e : rows[i].entrySet()) {
        cols[i][k] = e.getKey();
        vals[i][k++] = e.getValue();
      }
    }
  }

  private static double[][] multiply(int[][] cols, float[][] vals, double[][] q) {
    double[][] out = new double[q.length][cols.length];
    for (int i = 0; i < cols.length; i++) {
      for (int k = 0; k < cols[i].length; k++) {
        int j = cols[i][k];
        double v = vals[i][k];
        for (int c = 0; c < q.length; c++) out[c][i] += v * q[c][j];
      }
    }
    return out;
  }

  /** Modified Gram-Schmidt on the columns. */
  private static void orthonormalise(double[][] q) {
    for (int c = 0; c < q.length; c++) {
      for (int p = 0; p < c; p++) {
        double dot = 0;
        for (int i = 0; i < q[c].length; i++) dot += q[c][i] * q[p][i];
        for (int i = 0; i < q[c].length; i++) q[c][i] -= dot * q[p][i];
      }
      double norm = 0;
      for (double x : q[c]) norm += x * x;
      norm = Math.sqrt(norm);
      if (norm == 0) continue;
      for (int i = 0; i < q[c].length; i++) q[c][i] /= norm;
    }
  }
}
