package io.pushrec.core;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The SASRec paper's sampled protocol: a user's target competes with items that user never touched at
 * all (history, validation and test item). Each user's sample depends only on the seed and the user's
 * position in the log, so it is the same on every run, in any thread and for every scorer.
 */
public final class NegativeSampler {
  private final SequenceDataset data;
  private final long seed;
  private final int count;

  public NegativeSampler(SequenceDataset data, long seed, int count) {
    this.data = data;
    this.seed = seed;
    this.count = count;
  }

  /**
   * Distinct untouched items, at most {@code count} (fewer only when the catalogue has fewer untouched items).
   *
   * @param touched scratch of size numItems, all false; returned all false
   */
  public int[] sample(int user, boolean[] touched) {
    int[] seq = data.sequence(user);
    int distinctTouched = 0;
    for (int item : seq) {
      if (!touched[item]) {
        touched[item] = true;
        distinctTouched++;
      }
    }
    int untouched = data.numItems() - distinctTouched;
    SplittableRandom random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (user + 1)));
    int[] sample;
    if (untouched <= 2 * count) {
      sample = partialShuffleOfUntouched(touched, untouched, random);
    } else {
      // Rejection is cheap here: more than half of the draws land on an untouched item.
      sample = new int[count];
      int n = 0;
      while (n < count) {
        int item = random.nextInt(data.numItems());
        if (touched[item]) continue;
        touched[item] = true;
        sample[n++] = item;
      }
      for (int item : sample) touched[item] = false;
    }
    for (int item : seq) touched[item] = false;
    return sample;
  }

  private int[] partialShuffleOfUntouched(boolean[] touched, int untouched, SplittableRandom random) {
    int[] pool = new int[untouched];
    int n = 0;
    for (int i = 0; i < touched.length && n < untouched; i++) {
      if (!touched[i]) pool[n++] = i;
    }
    int take = Math.min(count, untouched);
    for (int i = 0; i < take; i++) {
      int j = i + random.nextInt(untouched - i);
      int swap = pool[i];
      pool[i] = pool[j];
      pool[j] = swap;
    }
    return Arrays.copyOf(pool, take);
  }
}
