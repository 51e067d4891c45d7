package io.pushrec.cli;

import io.pushrec.core.OfflineEvaluator;

/** Users done, total and rate on one stderr line, refreshed at most every two seconds so that logs stay short. */
final class ProgressLine implements OfflineEvaluator.Progress {
  private static final long EVERY_NANOS = 2_000_000_000L;

  private final String label;
  private final long start = System.nanoTime();
  private long lastPrinted = start;
  private int lastDone;
  private int lastTotal;

  ProgressLine(String label) {
    this.label = label;
  }

  @Override
  public synchronized void usersDone(int done, int total) {
    lastDone = Math.max(lastDone, done);
    lastTotal = total;
    long now = System.nanoTime();
    if (now - lastPrinted >= EVERY_NANOS) {
      lastPrinted = now;
      print(now);
    }
  }

  synchronized void finish() {
    print(System.nanoTime());
  }

  private void print(long now) {
    double seconds = Math.max(1e-9, (now - start) / 1e9);
    System.err.printf("  %s: %d/%d users, %.0f users/s, %.1f s%n", label, lastDone, lastTotal, lastDone / seconds, seconds);
  }
}
