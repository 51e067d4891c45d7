package io.pushrec.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettleTest {
  private static Measurement withJit(double jitThreads) {
    return new Measurement("settle", 10, 1000, 30, 30_000, 30_000, 1000, 20, 40, 80, 90, Double.NaN, Double.NaN,
        Map.of(), 0, 0, 0, Double.NaN, Double.NaN, Double.NaN, 0, 100, 1, jitThreads, 500, 1, 0.3, 1, 1);
  }

  private static Settle.Round rounds(double... jit) {
    Iterator<Double> it = java.util.Arrays.stream(jit).iterator();
    return () -> withJit(it.next());
  }

  @Test
  void loadsUntilTheCompilerIsQuietAndNoLonger() throws Exception {
    List<String> progress = new ArrayList<>();
    Settle.Result result = new Settle(Duration.ofSeconds(30), Duration.ofMinutes(15), rounds(0.9, 0.4, 0.02, 0.01),
        progress::add).run();
    assertTrue(result.settled());
    assertEquals(3, result.rounds().size(), "it stops at the first quiet round");
    assertEquals(3, progress.size(), "every round reports its progress");
    assertTrue(result.describe().contains("90 s"), result.describe());
  }

  @Test
  void stopsAtTheLimitAndSaysTheNodeWasNotSettled() throws Exception {
    Settle.Result result = new Settle(Duration.ofSeconds(30), Duration.ofSeconds(90), rounds(0.9, 0.8, 0.7, 0.01),
        line -> {}).run();
    assertFalse(result.settled());
    assertEquals(3, result.rounds().size());
    assertTrue(result.describe().startsWith("NOT settled"), result.describe());
  }

  @Test
  void aNodeThatDoesNotReportItsCompilerIsNotWaitedFor() throws Exception {
    Settle.Result result = new Settle(Duration.ofSeconds(30), Duration.ofMinutes(15), rounds(Double.NaN, 0.01),
        line -> {}).run();
    assertFalse(result.settled());
    assertEquals(1, result.rounds().size());
  }
}
