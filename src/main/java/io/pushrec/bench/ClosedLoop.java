package io.pushrec.bench;

import io.pushrec.SameThread;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * How both write references load Cassandra: a fixed number of writes in flight, a new one sent as soon as one is
 * answered, until the run's time or count is up. Only answered writes count.
 */
final class ClosedLoop {
  private ClosedLoop() {}

  /** @param write sends the next write; called from this thread only */
  static Measurement run(String target, int concurrency, Duration duration, long maxWrites,
      Supplier<CompletionStage<?>> write) throws InterruptedException {
    double loadBefore = LoadRun.loadAverage();
    Semaphore inFlight = new Semaphore(concurrency);
    LatencySamples latencies = new LatencySamples();
    LongAdder written = new LongAdder();
    Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    long start = System.nanoTime();
    long cpuBefore = LoadRun.processCpuNanos();
    long deadline = start + duration.toNanos();
    long writes = 0;
    while (writes < maxWrites && System.nanoTime() < deadline) {
      if (!inFlight.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) break;
      long sent = System.nanoTime();
      // A plain whenComplete on a Pekko ask's answer would start a thread for each on two cores (SameThread).
      write.get().whenCompleteAsync((result, failure) -> {
        if (failure == null) {
          written.increment();
          latencies.record((System.nanoTime() - sent) / 1000);
        } else {
          errors.computeIfAbsent(failure.getClass().getSimpleName(), k -> new LongAdder()).increment();
        }
        inFlight.release();
      }, SameThread.EXECUTOR);
      writes++;
    }
    inFlight.tryAcquire(concurrency, 15, TimeUnit.SECONDS);
    double seconds = (System.nanoTime() - start) / 1e9;
    Map<String, Long> errorCounts = new TreeMap<>();
    errors.forEach((k, v) -> errorCounts.put(k, v.sum()));
    return new Measurement(target, 1, 0, seconds, writes, written.sum(), written.sum() / seconds,
        latencies.percentileMillis(50), latencies.percentileMillis(95), latencies.percentileMillis(99),
        latencies.maxMillis(), Double.NaN, Double.NaN, errorCounts, 0, 0, 0, Double.NaN, Double.NaN, Double.NaN, 0,
        Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
        (LoadRun.processCpuNanos() - cpuBefore) / 1e9 / seconds, loadBefore, LoadRun.loadAverage());
  }
}
