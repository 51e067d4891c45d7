package io.pushrec.http;

/**
 * How many events the node lets wait for persistence at once, adapted to how fast they are being persisted
 * (additive increase, multiplicative decrease, as TCP does with its window). While answers come back within the
 * target latency the limit grows slowly up to the configured maximum; when they come back later it shrinks by a
 * fifth, at most once per target interval so that one slow burst does not collapse it. A request over the limit
 * is refused at once, so an overloaded node answers 503 fast instead of queueing requests until they time out.
 * A request is always admitted while nothing is in flight, so the node never stops making progress.
 */
public final class AdmissionLimit {
  static final double DECREASE = 0.8;
  /** Growth per admitted event answered in time: a tenth of an event, so the limit grows by about 10% of the load. */
  static final double INCREASE_PER_EVENT = 0.1;

  private final int minimum;
  private final int maximum;
  private final long targetNanos;
  private double limit;
  private int inFlight;
  private long lastDecreaseNanos = Long.MIN_VALUE / 2;

  public AdmissionLimit(int minimum, int maximum, long targetNanos) {
    if (minimum < 1 || maximum < minimum) throw new IllegalArgumentException("need 1 <= minimum <= maximum");
    this.minimum = minimum;
    this.maximum = maximum;
    this.targetNanos = targetNanos;
    this.limit = maximum;
  }

  /** True if the events may go on; the caller then reports them with {@link #completed} exactly once. */
  public synchronized boolean tryAdmit(int events) {
    if (inFlight > 0 && inFlight + events > limit) return false;
    inFlight += events;
    return true;
  }

  /** @param latencyNanos how long the admitted events took to be answered, successfully or not */
  public synchronized void completed(int events, long latencyNanos, long nowNanos) {
    inFlight -= events;
    if (latencyNanos <= targetNanos) {
      limit = Math.min(maximum, limit + events * INCREASE_PER_EVENT);
    } else if (nowNanos - lastDecreaseNanos >= targetNanos) {
      limit = Math.max(minimum, limit * DECREASE);
      lastDecreaseNanos = nowNanos;
    }
  }

  public synchronized int limit() {
    return (int) limit;
  }

  public synchronized int inFlight() {
    return inFlight;
  }
}
