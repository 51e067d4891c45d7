package io.pushrec.bench;

import java.util.Arrays;

/**
 * Every latency of one measurement, kept exactly: a bench run is bounded in events, so a few megabytes of
 * longs buy percentiles with no bucketing error. Safe to record into from several threads.
 */
public final class LatencySamples {
  private long[] micros = new long[1024];
  private int count;

  public synchronized void record(long latencyMicros) {
    if (count == micros.length) micros = Arrays.copyOf(micros, count * 2);
    micros[count++] = latencyMicros;
  }

  public synchronized int count() {
    return count;
  }

  /** Nearest-rank percentile in milliseconds: the smallest sample with at least p% of samples at or below it. */
  public double percentileMillis(double p) {
    long[] sorted = snapshot();
    if (sorted.length == 0) return Double.NaN;
    Arrays.sort(sorted);
    return sorted[nearestRank(p, sorted.length)] / 1000.0;
  }

  public double maxMillis() {
    return percentileMillis(100);
  }

  static int nearestRank(double p, int n) {
    if (p <= 0) return 0;
    int rank = (int) Math.ceil(p / 100.0 * n);
    return Math.min(Math.max(rank, 1), n) - 1;
  }

  private synchronized long[] snapshot() {
    return Arrays.copyOf(micros, count);
  }
}
