package io.pushrec.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CooccurrenceInitTest {
  @Test
  void jacobiFindsEigenpairs() {
    Random random = new Random(2);
    int n = 6;
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) for (int j = 0; j <= i; j++) a[i][j] = a[j][i] = random.nextGaussian();
    double[][] copy = new double[n][];
    for (int i = 0; i < n; i++) copy[i] = a[i].clone();
    double[][] vectors = new double[n][n];
    double[] values = Jacobi.eigen(a, vectors);
    for (int e = 0; e < n; e++) {
      for (int i = 0; i < n; i++) {
        double av = 0;
        for (int j = 0; j < n; j++) av += copy[i][j] * vectors[j][e];
        assertEquals(values[e] * vectors[i][e], av, 1e-9);
      }
    }
  }

  @Test
  void itemsThatCooccurGetCloserEmbeddingsThanItemsThatNeverDo() {
    // Two separate worlds: items 0-4 only appear together, items 5-9 only appear together.
    int[][] sequences = new int[200][];
    Random random = new Random(3);
    for (int s = 0; s < sequences.length; s++) {
      int base = s % 2 == 0 ? 0 : 5;
      sequences[s] = new int[6];
      for (int i = 0; i < 6; i++) sequences[s][i] = base + random.nextInt(5);
    }
    int dim = 4;
    float[] table = new float[10 * dim];
    CooccurrenceInit.initialise(table, 10, dim, sequences, 3, new Random(1));
    double within = dot(table, 1, 3, dim);
    double across = dot(table, 1, 7, dim);
    assertTrue(within > across + 0.1, "within " + within + ", across " + across);
  }

  private static double dot(float[] table, int a, int b, int dim) {
    double s = 0;
    for (int t = 0; t < dim; t++) s += table[a * dim + t] * table[b * dim + t];
    return s;
  }
}
