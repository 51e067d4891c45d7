package io.pushrec.user;

import io.pushrec.core.Recommendation;
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

  /** One user's ranking; dropped unrun, its result fails with {@link Dropped}. */
  public static final class Ranking implements Runnable {
    private final Supplier<List<Recommendation>> work;
    private final CompletableFuture<List<Recommendation>> result = new CompletableFuture<>();

    public Ranking(Supplier<List<Recommendation>> work) {
      this.work = work;
    }

    public CompletableFuture<List<Recommendation>> result() {
      return result;
    }

    @Override
    public void run() {
      try {
        result.complete(work.get());
      } catch (RuntimeException | Error e) {
        result.completeExceptionally(e);
      }
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
