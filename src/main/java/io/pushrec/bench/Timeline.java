package io.pushrec.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/** What happened in each second of a run, for the charts. */
public final class Timeline {
  public static final class Second {
    public final LongAdder acknowledgedEvents = new LongAdder();
    public final LongAdder errors = new LongAdder();
    public final LongAdder pushes = new LongAdder();
    public final LatencySamples http = new LatencySamples();
    public final LatencySamples push = new LatencySamples();
    public volatile double nodeCpuCores = Double.NaN;
    public volatile double nodeHeapMb = Double.NaN;
  }

  private final long startNanos;
  private final List<Second> seconds = new ArrayList<>();

  public Timeline(long startNanos) {
    this.startNanos = startNanos;
  }

  public long startNanos() {
    return startNanos;
  }

  /** The second that holds the instant {@code nanos}; instants before the start go to the first second. */
  public synchronized Second at(long nanos) {
    int index = (int) Math.max(0, (nanos - startNanos) / 1_000_000_000L);
    while (seconds.size() <= index) seconds.add(new Second());
    return seconds.get(index);
  }

  public synchronized List<Second> seconds() {
    return List.copyOf(seconds);
  }
}
