package io.pushrec.model;

import java.util.SplittableRandom;

/** Inverted dropout: kept units are scaled by 1/(1-p) so inference needs no rescaling. */
final class Dropout {
  private Dropout() {}

  /** Drops in place and returns the mask (0 or 1/(1-p) per entry) for the backward pass. */
  static float[] apply(float[] x, float rate, SplittableRandom random) {
    if (random == null || rate == 0f) return ones(x.length);
    float keep = 1f / (1f - rate);
    float[] mask = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      mask[i] = random.nextDouble() < rate ? 0f : keep;
      x[i] *= mask[i];
    }
    return mask;
  }

  private static float[] ones(int n) {
    float[] m = new float[n];
    java.util.Arrays.fill(m, 1f);
    return m;
  }
}
