package io.pushrec.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs work over 0..n-1 in fixed-size chunks on a few threads and hands back the chunk results in chunk
 * order, so whatever is merged from them is the same for any thread count and scheduling.
 */
final class ParallelChunks {
  interface ChunkWork<T> {
    T run(int from, int to);
  }

  private ParallelChunks() {}

  static <T> List<T> map(int n, int chunkSize, int threads, ChunkWork<T> work) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
      Thread t = new Thread(r, "pushrec-eval");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int from = 0; from < n; from += chunkSize) {
        int start = from;
        int end = Math.min(n, from + chunkSize);
        futures.add(pool.submit(() -> work.run(start, end)));
      }
      List<T> results = new ArrayList<>(futures.size());
      for (Future<T> f : futures) results.add(f.get());
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
