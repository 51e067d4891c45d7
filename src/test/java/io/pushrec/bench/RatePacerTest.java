package io.pushrec.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RatePacerTest {
  @Test
  void requestsAreDueEvenlySpacedFromTheStart() {
    RatePacer pacer = new RatePacer(1_000, 4);   // every 250 ms
    assertEquals(1_000, pacer.nextDueNanos());
    pacer.issue(1_000);
    assertEquals(1_000 + 250_000_000L, pacer.nextDueNanos());
    pacer.issue(1_000 + 250_000_000L);
    assertEquals(1_000 + 500_000_000L, pacer.nextDueNanos());
  }

  @Test
  void aLateSendDoesNotShiftTheScheduleAndReportsItsLag() {
    RatePacer pacer = new RatePacer(0, 1000);   // every millisecond
    assertEquals(0, pacer.issue(0));
    assertEquals(9_000_000L, pacer.issue(10_000_000L));   // due at 1 ms, sent at 10 ms
    assertEquals(2_000_000L, pacer.nextDueNanos());       // still on the original grid: the sender catches up
  }

  @Test
  void fractionalRatesKeepTheirAverageOverManyRequests() {
    RatePacer pacer = new RatePacer(0, 3);   // 333,333,333.3 ns apart
    for (int i = 0; i < 3000; i++) pacer.issue(pacer.nextDueNanos());
    assertEquals(1_000_000_000_000L, pacer.nextDueNanos());
  }

  @Test
  void refusesARateOfZero() {
    assertThrows(IllegalArgumentException.class, () -> new RatePacer(0, 0));
  }
}
