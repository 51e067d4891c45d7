package io.pushrec.model;

/** Layer normalisation over the feature dimension, with the statistics kept for the backward pass. */
final class LayerNorm {
  private static final float EPS = 1e-5f;

  private LayerNorm() {}

  /** Normalised rows before scale and shift, and 1/std per row: what the backward pass needs. */
  record Cache(float[] xhat, float[] rstd) {}

  static Cache forward(float[] x, float[] gamma, float[] beta, float[] y, int rows, int d) {
    float[] xhat = new float[rows * d];
    float[] rstd = new float[rows];
    for (int r = 0; r < rows; r++) {
      int o = r * d;
      float mean = 0f;
      for (int j = 0; j < d; j++) mean += x[o + j];
      mean /= d;
      float var = 0f;
      for (int j = 0; j < d; j++) {
        float c = x[o + j] - mean;
        var += c * c;
      }
      float rs = (float) (1.0 / Math.sqrt(var / d + EPS));
      rstd[r] = rs;
      for (int j = 0; j < d; j++) {
        float h = (x[o + j] - mean) * rs;
        xhat[o + j] = h;
        y[o + j] = h * gamma[j] + beta[j];
      }
    }
    return new Cache(xhat, rstd);
  }

  /** The same normalisation for inference: rows of x from xOff into y from yOff, nothing kept. */
  static void apply(float[] x, int xOff, float[] gamma, float[] beta, float[] y, int yOff, int rows, int d) {
    for (int r = 0; r < rows; r++) {
      int xo = xOff + r * d;
      int yo = yOff + r * d;
      float mean = 0f;
      for (int j = 0; j < d; j++) mean += x[xo + j];
      mean /= d;
      float var = 0f;
      for (int j = 0; j < d; j++) {
        float c = x[xo + j] - mean;
        var += c * c;
      }
      float rs = (float) (1.0 / Math.sqrt(var / d + EPS));
      for (int j = 0; j < d; j++) y[yo + j] = (x[xo + j] - mean) * rs * gamma[j] + beta[j];
    }
  }

  /** Accumulates dGamma and dBeta and writes dx. */
  static void backward(Cache cache, float[] dy, float[] gamma, float[] dGamma, float[] dBeta, float[] dx, int rows,
      int d) {
    float[] xhat = cache.xhat();
    for (int r = 0; r < rows; r++) {
      int o = r * d;
      float meanG = 0f;
      float meanGx = 0f;
      for (int j = 0; j < d; j++) {
        float g = dy[o + j] * gamma[j];
        meanG += g;
        meanGx += g * xhat[o + j];
        dGamma[j] += dy[o + j] * xhat[o + j];
        dBeta[j] += dy[o + j];
      }
      meanG /= d;
      meanGx /= d;
      float rs = cache.rstd()[r];
      for (int j = 0; j < d; j++) {
        float g = dy[o + j] * gamma[j];
        dx[o + j] = rs * (g - meanG - xhat[o + j] * meanGx);
      }
    }
  }
}
