package io.pushrec.bench;

/**
 * Open-loop pacing: request i is due at start + i / rate, whatever happened to the earlier ones, so a slow
 * answer never delays later sends (that would hide the slowness). A sender that falls behind catches up
 * with a burst, and the lag is reported instead of silently thinning the load.
 */
public final class RatePacer {
  private final long startNanos;
  private final double intervalNanos;
  private long issued;

  public RatePacer(long startNanos, double requestsPerSecond) {
    if (requestsPerSecond <= 0) throw new IllegalArgumentException("rate must be positive");
    this.startNanos = startNanos;
    this.intervalNanos = 1e9 / requestsPerSecond;
  }

  /** When the next request is due. */
  public long nextDueNanos() {
    return startNanos + Math.round(issued * intervalNanos);
  }

  /** Marks the next request as sent and returns how late it went out, in nanoseconds (0 if on time). */
  public long issue(long nowNanos) {
    long lag = Math.max(0, nowNanos - nextDueNanos());
    issued++;
    return lag;
  }
}
