package io.pushrec.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushrec.core.Recommendation;
import io.pushrec.metrics.Metrics;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class FreshestRankingsTest {

  @Test
  void theFreshestWaitingRankingRunsFirstAndAFullQueueDropsTheStalest() throws Exception {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new FreshestRankings(2));
    try {
      CountDownLatch busy = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      pool.execute(() -> {
        busy.countDown();
        await(release);
      });
      busy.await();
      List<String> ranOrder = new CopyOnWriteArrayList<>();
      var first = ranking("first", ranOrder);
      var second = ranking("second", ranOrder);
      var third = ranking("third", ranOrder);
      pool.execute(first);
      pool.execute(second);
      pool.execute(third); // the queue holds two: the first, the stalest, makes room

      ExecutionException dropped = assertThrows(ExecutionException.class, () -> first.result().get(5, TimeUnit.SECONDS));
      assertInstanceOf(FreshestRankings.Dropped.class, dropped.getCause());
      release.countDown();
      third.result().get(5, TimeUnit.SECONDS);
      second.result().get(5, TimeUnit.SECONDS);
      assertEquals(List.of("third", "second"), ranOrder);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aFailingRankingFailsItsResult() {
    var failing = new FreshestRankings.Ranking(() -> {
      throw new IllegalStateException("no model");
    }, new Metrics());
    failing.run();
    CompletableFuture<List<Recommendation>> result = failing.result();
    ExecutionException e = assertThrows(ExecutionException.class, result::get);
    assertInstanceOf(IllegalStateException.class, e.getCause());
  }

  @Test
  void aRankingThatRunsIsTimedAndADroppedOneIsNot() throws Exception {
    Metrics metrics = new Metrics();
    var ran = new FreshestRankings.Ranking(List::of, metrics);
    var dropped = new FreshestRankings.Ranking(List::of, metrics);
    ran.run();
    dropped.drop();
    String rendered = metrics.render();
    for (String histogram : List.of("pushrec_ranking_wait_seconds", "pushrec_ranking_seconds",
        "pushrec_ranking_cpu_seconds")) {
      assertTrue(rendered.contains(histogram + "_count 1\n"), histogram + " in " + rendered);
    }
  }

  static FreshestRankings.Ranking ranking(String name, List<String> ranOrder) {
    return new FreshestRankings.Ranking(() -> {
      ranOrder.add(name);
      return List.of();
    }, new Metrics());
  }

  static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
