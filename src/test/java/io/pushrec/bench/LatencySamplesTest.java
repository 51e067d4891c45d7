package io.pushrec.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LatencySamplesTest {
  @Test
  void percentilesUseTheNearestRankOfTheSortedSamples() {
    LatencySamples samples = new LatencySamples();
    // 1..100 ms recorded out of order
    for (int ms = 100; ms >= 1; ms--) samples.record(ms * 1000L);
    assertEquals(50.0, samples.percentileMillis(50));
    assertEquals(95.0, samples.percentileMillis(95));
    assertEquals(99.0, samples.percentileMillis(99));
    assertEquals(100.0, samples.maxMillis());
    assertEquals(1.0, samples.percentileMillis(0));
  }

  @Test
  void aFewSamplesRoundTheRankUpSoP99IsTheWorstOfThem() {
    LatencySamples samples = new LatencySamples();
    samples.record(1_000);
    samples.record(2_000);
    samples.record(30_000);
    assertEquals(2.0, samples.percentileMillis(50));
    assertEquals(30.0, samples.percentileMillis(99));
  }

  @Test
  void noSamplesHaveNoPercentile() {
    assertTrue(Double.isNaN(new LatencySamples().percentileMillis(99)));
  }

  @Test
  void growsBeyondItsFirstArray() {
    LatencySamples a = new LatencySamples();
    for (int i = 0; i < 10000; i++) a.record(i);
    assertEquals(10000, a.count());
    assertEquals(9.999, a.maxMillis());
    assertEquals(4.999, a.percentileMillis(50));
  }

  @Test
  void nearestRankStaysInsideTheSamples() {
    assertEquals(0, LatencySamples.nearestRank(0, 10));
    assertEquals(0, LatencySamples.nearestRank(1, 10));
    assertEquals(8, LatencySamples.nearestRank(90, 10));
    assertEquals(9, LatencySamples.nearestRank(99.9, 10));
    assertEquals(9, LatencySamples.nearestRank(100, 10));
  }
}
