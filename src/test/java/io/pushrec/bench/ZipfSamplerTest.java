package io.pushrec.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ZipfSamplerTest {
  @Test
  void rankOneIsDrawnAboutTwiceAsOftenAsRankTwoWithExponentOne() {
    ZipfSampler zipf = new ZipfSampler(100, 1.0);
    SplittableRandom random = new SplittableRandom(7);
    int[] counts = new int[101];
    for (int i = 0; i < 200_000; i++) counts[zipf.sample(random)]++;
    double ratio = (double) counts[1] / counts[2];
    assertTrue(ratio > 1.9 && ratio < 2.1, "rank1/rank2 = " + ratio);
    assertEquals(0, counts[0], "ranks start at 1");
  }

  @Test
  void staysWithinOneToN() {
    ZipfSampler zipf = new ZipfSampler(3, 0.5);
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < 10_000; i++) {
      int rank = zipf.sample(random);
      assertTrue(rank >= 1 && rank <= 3, "rank " + rank);
    }
  }
}
