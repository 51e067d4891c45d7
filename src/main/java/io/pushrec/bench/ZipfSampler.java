package io.pushrec.bench;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/** Draws ranks 1..n with probability proportional to 1 / rank^exponent, by binary search on the cumulative weights. */
public final class ZipfSampler {
  private final double[] cumulative;

  public ZipfSampler(int n, double exponent) {
    if (n < 1) throw new IllegalArgumentException("n must be at least 1");
    cumulative = new double[n];
    double sum = 0;
    for (int rank = 1; rank <= n; rank++) {
      sum += 1.0 / Math.pow(rank, exponent);
      cumulative[rank - 1] = sum;
    }
    for (int i = 0; i < n; i++) cumulative[i] /= sum;
  }

  public int sample(RandomGenerator random) {
    int i = Arrays.binarySearch(cumulative, random.nextDouble());
    return Math.min((i >= 0 ? i : -i - 1), cumulative.length - 1) + 1;
  }
}
