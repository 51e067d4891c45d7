package io.pushrec.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Small logs with a planted pattern, for tests that a learner finds what is there. */
final class SyntheticLogs {
  private SyntheticLogs() {}

  /**
   * Every user walks a cycle over {@code items} items, item k followed by k+1, from a random start, with a
   * {@code noise} chance per step of jumping to a random item instead.
   */
  static SequenceDataset cycles(int users, int items, double noise, long seed) {
    Random random = new Random(seed);
    Map<String, List<String>> byUser = new LinkedHashMap<>();
    for (int u = 0; u < users; u++) {
      int length = 3 + random.nextInt(8);
      int item = random.nextInt(items);
      List<String> seq = new ArrayList<>();
      for (int i = 0; i < length; i++) {
        seq.add("i" + item);
        item = random.nextDouble() < noise ? random.nextInt(items) : (item + 1) % items;
      }
      byUser.put("u" + u, seq);
    }
    return SequenceDataset.of(byUser);
  }

  /** A scorer that always gives the same scores, whatever the history. */
  static SequenceScorer fixed(float... scores) {
    return new SequenceScorer() {
      @Override
      public int numItems() {
        return scores.length;
      }

      @Override
      public void scoreAll(int[] history, float[] out) {
        System.arraycopy(scores, 0, out, 0, scores.length);
      }
    };
  }
}
