package io.pushrec.model;

/**
 * Row-major float kernels for the small dense layers. The loops keep the innermost index contiguous so the
 * JIT vectorises them; at d = 64 and a few hundred rows this beats copying into ND4J and back.
 */
final class Kernels {
  private Kernels() {}

  /** c[m x n] (+)= a[m x k] * b[k x n]; every matrix starts at its offset. */
  static void matmul(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n,
      boolean accumulate) {
    for (int i = 0; i < m; i++) {
      int ci = cOff + i * n;
      if (!accumulate) java.util.Arrays.fill(c, ci, ci + n, 0f);
      int ai = aOff + i * k;
      for (int p = 0; p < k; p++) {
        float av = a[ai + p];
        if (av == 0f) continue;
        int bp = bOff + p * n;
        for (int j = 0; j < n; j++) c[ci + j] += av * b[bp + j];
      }
    }
  }

  /** c[m x n] (+)= a[m x k] * b[n x k]^T. */
  static void matmulTransB(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n,
      boolean accumulate) {
    for (int i = 0; i < m; i++) {
      int ai = aOff + i * k;
      for (int j = 0; j < n; j++) {
        int bj = bOff + j * k;
        float s = 0f;
        for (int p = 0; p < k; p++) s += a[ai + p] * b[bj + p];
        int ci = cOff + i * n + j;
        c[ci] = accumulate ? c[ci] + s : s;
      }
    }
  }

  /** c[k x n] += a[m x k]^T * b[m x n]: the weight gradient of a linear layer. */
  static void matmulTransAAccumulate(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k,
      int n) {
    for (int i = 0; i < m; i++) {
      int ai = aOff + i * k;
      int bi = bOff + i * n;
      for (int p = 0; p < k; p++) {
        float av = a[ai + p];
        if (av == 0f) continue;
        int cp = cOff + p * n;
        for (int j = 0; j < n; j++) c[cp + j] += av * b[bi + j];
      }
    }
  }

  /** y = x * w + bias for all rows. */
  static void linear(float[] x, float[] w, float[] bias, float[] y, int rows, int in, int out) {
    matmul(x, 0, w, 0, y, 0, rows, in, out, false);
    for (int r = 0; r < rows; r++) {
      int o = r * out;
      for (int j = 0; j < out; j++) y[o + j] += bias[j];
    }
  }

  /** Accumulates dW and db, and writes dx = dy * w^T (or adds to it when accumulateDx). */
  static void linearBackward(float[] x, float[] w, float[] dy, float[] dw, float[] db, float[] dx, int rows, int in,
      int out, boolean accumulateDx) {
    matmulTransAAccumulate(x, 0, dy, 0, dw, 0, rows, in, out);
    for (int r = 0; r < rows; r++) {
      int o = r * out;
      for (int j = 0; j < out; j++) db[j] += dy[o + j];
    }
    matmulTransB(dy, 0, w, 0, dx, 0, rows, out, in, accumulateDx);
  }

  static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
    float s = 0f;
    for (int i = 0; i < n; i++) s += a[aOff + i] * b[bOff + i];
    return s;
  }
}
