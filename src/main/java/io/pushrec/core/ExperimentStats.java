package io.pushrec.core;

/**
 * The statistics of an A/B report on push click-through: Wilson score intervals for each variant's CTR
 * and a pooled two-proportion z-test of a variant against the control.
 */
public final class ExperimentStats {
  /** z of a two-sided 95 % interval. */
  public static final double Z95 = 1.959963984540054;

  private ExperimentStats() {}

  public record Interval(double low, double high) {}

  public record ZTest(double z, double pValue) {}

  public static double ctr(long clicks, long impressions) {
    return impressions == 0 ? 0 : (double) clicks / impressions;
  }

  /** Wilson's interval: unlike the textbook p ± z·se it stays inside [0, 1] and is honest at small counts. */
  public static Interval wilson(long clicks, long impressions, double z) {
    if (impressions == 0) return new Interval(0, 1);
    double n = impressions;
    double p = clicks / n;
    double z2 = z * z;
    double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    double half = z / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
    return new Interval(Math.max(0, centre - half), Math.min(1, centre + half));
  }

  /** Two-sided test of "same CTR" for variant b against control a, with the pooled standard error. */
  public static ZTest twoProportion(long clicksA, long impressionsA, long clicksB, long impressionsB) {
    if (impressionsA == 0 || impressionsB == 0) return new ZTest(0, 1);
    double pA = (double) clicksA / impressionsA;
    double pB = (double) clicksB / impressionsB;
    double pooled = (double) (clicksA + clicksB) / (impressionsA + impressionsB);
    double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / impressionsA + 1.0 / impressionsB));
    if (se == 0) return new ZTest(0, 1);
    double z = (pB - pA) / se;
    return new ZTest(z, 2 * (1 - normalCdf(Math.abs(z))));
  }

  public static double normalCdf(double x) {
    return 0.5 * (1 + erf(x / Math.sqrt(2)));
  }

  /** Abramowitz and Stegun 7.1.26: absolute error below 1.5e-7, plenty for a p-value. */
  static double erf(double x) {
    double sign = Math.signum(x);
    double a = Math.abs(x);
    double t = 1 / (1 + 0.3275911 * a);
    double poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
    return sign * (1 - poly * Math.exp(-a * a));
  }
}
