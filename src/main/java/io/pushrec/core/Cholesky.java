package io.pushrec.core;

/** Solves A X = B for a symmetric positive-definite A, as the normal equations of a ridge regression are. */
final class Cholesky {
  private Cholesky() {}

  static double[][] solve(double[][] a, double[][] b) {
    int n = a.length;
    double[][] l = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double sum = a[i][j];
        for (int k = 0; k < j; k++) sum -= l[i][k] * l[j][k];
        if (i == j) {
          if (sum <= 0) throw new IllegalArgumentException("matrix is not positive definite; raise the ridge penalty");
          l[i][i] = Math.sqrt(sum);
        } else {
          l[i][j] = sum / l[j][j];
        }
      }
    }
    int m = b[0].length;
    double[][] x = new double[n][m];
    for (int c = 0; c < m; c++) {
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        double sum = b[i][c];
        for (int k = 0; k < i; k++) sum -= l[i][k] * y[k];
        y[i] = sum / l[i][i];
      }
      for (int i = n - 1; i >= 0; i--) {
        double sum = y[i];
        for (int k = i + 1; k < n; k++) sum -= l[k][i] * x[k][c];
        x[i][c] = sum / l[i][i];
      }
    }
    return x;
  }
}
