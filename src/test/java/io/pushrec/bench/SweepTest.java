package io.pushrec.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepTest {
  /** A pretend node that holds every rate up to its capacity with p99 10 ms, and above it p99 500 ms. */
  private static Measurement pretend(double rate, double capacity) {
    double p99 = rate <= capacity ? 10 : 500;
    return measurement(rate, Math.min(rate, capacity), p99, 5, Map.of());
  }

  private static Measurement measurement(double target, double acked, double httpP99, double pushP99,
      Map<String, Long> errors) {
    return new Measurement("pushrec", 1, target, 10, (long) target * 10, (long) acked * 10, acked, 1, 2, httpP99,
        httpP99, Double.NaN, Double.NaN, errors, 10, 10, 0, 1, 2, pushP99, 10, 1, 1, 0, 100, 0, 0.5, 1, 1);
  }

  @Test
  void findsTheCapacityWithinTenPercentAndRecordsEveryStep() throws Exception {
    List<Double> tried = new ArrayList<>();
    Sweep.Result result = new Sweep(250, 50, rate -> {
      tried.add(rate);
      return pretend(rate, 3000);
    }).run();
    assertTrue(result.bestRate() <= 3000, "held rate " + result.bestRate() + " is above the capacity");
    assertTrue(result.bestRate() >= 3000 / Sweep.PRECISION, "held rate " + result.bestRate() + " is too low");
    assertEquals(tried.size(), result.steps().size());
    assertEquals(250, tried.get(0));
    assertEquals(375, tried.get(1));
  }

  @Test
  void reportsNoRateWhenEvenTheFirstFailsAndHalvesNoLowerThanOneEventPerSecond() throws Exception {
    List<Double> tried = new ArrayList<>();
    Sweep.Result result = new Sweep(250, 50, rate -> {
      tried.add(rate);
      return pretend(rate, 0);
    }).run();
    assertNull(result.best());
    assertEquals(0, result.bestRate());
    assertTrue(tried.stream().allMatch(rate -> rate >= Sweep.MIN_RATE), "tried " + tried);
    assertEquals(1.953125, tried.get(tried.size() - 1));
  }

  @Test
  void aRunHoldsOnlyWithinTheBoundWithoutErrorsAndNearlyAllAcknowledged() {
    assertTrue(Sweep.holds(measurement(1000, 990, 40, 45, Map.of()), 50));
    assertFalse(Sweep.holds(measurement(1000, 990, 60, 45, Map.of()), 50), "HTTP p99 over the bound");
    assertFalse(Sweep.holds(measurement(1000, 990, 40, 60, Map.of()), 50), "push p99 over the bound");
    assertFalse(Sweep.holds(measurement(1000, 900, 40, 45, Map.of()), 50), "the node fell behind the rate");
    assertFalse(Sweep.holds(measurement(1000, 990, 40, 45, Map.of("503", 3L)), 50), "requests were shed");
  }
}
