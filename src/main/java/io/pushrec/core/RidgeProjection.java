package io.pushrec.core;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A linear map from the content space (text vectors) into the collaborative space, fitted in closed form by
 * ridge regression on warm items, whose collaborative vectors are known: W = (XᵀX + λI)⁻¹ XᵀY on centred X and
 * Y. It gives a brand-new item, which has text but no behaviour, a collaborative vector at once.
 */
public final class RidgeProjection {
  private static final int FILE_MAGIC = 0x52494447;

  private final String encoder;
  private final int in;
  private final int out;
  /** in × out, row-major. */
  private final float[] weights;
  private final float[] inMean;
  private final float[] outMean;

  private RidgeProjection(String encoder, int in, int out, float[] weights, float[] inMean, float[] outMean) {
    this.encoder = encoder;
    this.in = in;
    this.out = out;
    this.weights = weights;
    this.inMean = inMean;
    this.outMean = outMean;
  }

  /**
   * @param content one content vector per warm item
   * @param collaborative the same items' collaborative vectors, row for row
   * @param lambda the ridge penalty; larger trusts the text less and pulls projections to the mean item
   */
  public static RidgeProjection fit(String encoder, float[][] content, float[][] collaborative, double lambda) {
    int n = content.length;
    if (n == 0 || n != collaborative.length) throw new IllegalArgumentException("need the same warm items in both spaces");
    int in = content[0].length;
    int out = collaborative[0].length;
    float[] inMean = mean(content, in);
    float[] outMean = mean(collaborative, out);
    double[][] gram = new double[in][in];
    double[][] cross = new double[in][out];
    double[] x = new double[in];
    for (int s = 0; s < n; s++) {
      for (int i = 0; i < in; i++) x[i] = content[s][i] - inMean[i];
      for (int i = 0; i < in; i++) {
        double xi = x[i];
        if (xi == 0) continue;
        double[] g = gram[i];
        for (int j = i; j < in; j++) g[j] += xi * x[j];
        double[] c = cross[i];
        for (int j = 0; j < out; j++) c[j] += xi * (collaborative[s][j] - outMean[j]);
      }
    }
    for (int i = 0; i < in; i++) {
      for (int j = 0; j < i; j++) gram[i][j] = gram[j][i];
      gram[i][i] += lambda;
    }
    double[][] w = Cholesky.solve(gram, cross);
    float[] weights = new float[in * out];
    for (int i = 0; i < in; i++) for (int j = 0; j < out; j++) weights[i * out + j] = (float) w[i][j];
    return new RidgeProjection(encoder, in, out, weights, inMean, outMean);
  }

  private static float[] mean(float[][] rows, int dim) {
    double[] sum = new double[dim];
    for (float[] r : rows) for (int i = 0; i < dim; i++) sum[i] += r[i];
    float[] mean = new float[dim];
    for (int i = 0; i < dim; i++) mean[i] = (float) (sum[i] / rows.length);
    return mean;
  }

  public float[] project(float[] content) {
    if (content.length != in) throw new IllegalArgumentException("expected " + in + " content dimensions");
    float[] y = outMean.clone();
    for (int i = 0; i < in; i++) {
      float xi = content[i] - inMean[i];
      int offset = i * out;
      for (int j = 0; j < out; j++) y[j] += xi * weights[offset + j];
    }
    return y;
  }

  /** The text encoder whose vectors this projection reads; vectors of another encoder must not be projected. */
  public String encoder() {
    return encoder;
  }

  public int inputDimension() {
    return in;
  }

  public int outputDimension() {
    return out;
  }

  public void save(Path file) throws IOException {
    try (DataOutputStream o = new DataOutputStream(Files.newOutputStream(file))) {
      o.writeInt(FILE_MAGIC);
      o.writeUTF(encoder);
      o.writeInt(in);
      o.writeInt(out);
      for (float[] a : new float[][] {weights, inMean, outMean}) for (float v : a) o.writeFloat(v);
    }
  }

  public static RidgeProjection load(Path file) throws IOException {
    try (DataInputStream i = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
      if (i.readInt() != FILE_MAGIC) throw new IOException(file + " is not a projection written by pushrec");
      String encoder = i.readUTF();
      int in = i.readInt();
      int out = i.readInt();
      float[] weights = readFloats(i, in * out);
      return new RidgeProjection(encoder, in, out, weights, readFloats(i, in), readFloats(i, out));
    }
  }

  private static float[] readFloats(DataInputStream i, int n) throws IOException {
    float[] a = new float[n];
    for (int k = 0; k < n; k++) a[k] = i.readFloat();
    return a;
  }
}
