package io.pushrec.user;

import io.pushrec.core.Recommendation;
import io.pushrec.metrics.Metrics;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.function.Supplier;

/**
 * The queue of a node's ranking pool: rankings waiting for a thread, the freshest taken first, and when it is
 * full the stalest waiting ranking is dropped to make room. A push is worth sending only while the shopper is
 * still on the page, so under load the pool ranks the users who acted last, and a user whose ranking was dropped
 * is ranked again on their next event. First-in-first-out made every push wait behind the whole queue, and
 * refusing the newest when full pushed the users who had left (docs/benchmarks.md).
 */
public final class FreshestRankings extends LinkedBlockingDeque<Runnable> {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /**
   * One user's ranking; dropped unrun, its result fails with {@link Dropped}. A ranking that runs is timed: how long
   * it waited for a thread, how long it took, and how much of that its thread was on a CPU. A ranking that takes
   * far longer than its CPU time is starved of cores, not slow, which is what decides whether faster scoring or
   * more cores would push sooner.
   */
  public static final class Ranking implements Runnable {
    private final Supplier<List<Recommendation>> work;
    private final Metrics metrics;
    private final long queuedNanos = System.nanoTime();
    private final CompletableFuture<List<Recommendation>> result = new CompletableFuture<>();

    public Ranking(Supplier<List<Recommendation>> work, Metrics metrics) {
      this.work = work;
      this.metrics = metrics;
    }

    public CompletableFuture<List<Recommendation>> result() {
      return result;
    }

    @Override
    public void run() {
      long started = System.nanoTime();
      long cpuStarted = THREADS.getCurrentThreadCpuTime();
      try {
        result.complete(work.get());
      } catch (RuntimeException | Error e) {
        result.completeExceptionally(e);
      }
      metrics.observeSeconds("pushrec_ranking_wait_seconds", (started - queuedNanos) / 1e9);
      metrics.observeSeconds("pushrec_ranking_seconds", (System.nanoTime() - started) / 1e9);
      metrics.observeSeconds("pushrec_ranking_cpu_seconds", (THREADS.getCurrentThreadCpuTime() - cpuStarted) / 1e9);
    }

    void drop() {
      result.completeExceptionally(new Dropped());
    }
  }

  /** A fresher ranking took this one's place in the queue. */
  public static final class Dropped extends RuntimeException {
    Dropped() {
      super("dropped for a fresher ranking", null, false, false);
    }
  }

  public FreshestRankings(int capacity) {
    super(capacity);
  }

  /** Called by the pool for each ranking no thread takes at once. */
  @Override
  public boolean offer(Runnable task) {
    // Other entities offer at the same time, so the freed place may be taken again: then the stalest goes too.
    while (!offerFirst(task)) {
      Runnable stalest = pollLast();
      if (stalest instanceof Ranking ranking) ranking.drop();
    }
    return true;
  }
}
