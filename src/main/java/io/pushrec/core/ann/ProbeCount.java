package io.pushrec.core.ann;

import io.pushrec.core.VectorTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * How many lists an index must probe for a recall, measured on {@link SampledProfile}s against the exact scan. How many lists a
 * recall takes depends on the vectors, not only on their number: at 1M items, recall@10 0.95 took 24 lists of
 * trained 64-d vectors but 10 of 384-d text vectors (`pushrec bench-ann`, docs/benchmarks.md), so one fixed count
 * wastes time in one space or misses in the other.
 */
public final class ProbeCount {
  /** Items in each sampled profile: 5, as in `pushrec bench-ann`. */
  private static final int PROFILE_ITEMS = 5;

  private final InvertedFileIndex index;
  private final VectorTable table;
  private final int k;
  private final List<SampledProfile> profiles = new ArrayList<>();
  private final List<int[]> truth = new ArrayList<>();

  private ProbeCount(InvertedFileIndex index, VectorTable table, int k) {
    this.index = index;
    this.table = table;
    this.k = k;
  }

  /**
   * The fewest lists with which the index's recall@k on {@code profiles} sampled profiles is at least
   * {@code minimumRecall} with confidence: its mean less two standard errors of that mean. A plain mean over a
   * sample sits just above the target half the time its true value lies just below, and how many lists that takes
   * swung between 16 and 21 of 2,000 in two builds of the same kind of vectors. Returns the index's own count when
   * the table is too small to sample from. Recall grows with the lists probed (they are a prefix of the same order),
   * so doubling and then halving finds the count, and the searches tried cost about twice the answer's. The exact
   * answers cost {@code profiles} full scans: seconds at 1M items.
   */
  public static int measure(InvertedFileIndex index, VectorTable table, double minimumRecall, int profiles, int k,
      Random random) {
    ProbeCount count = new ProbeCount(index, table, k);
    for (int q = 0; q < profiles && table.size() > PROFILE_ITEMS; q++) {
      count.add(SampledProfile.of(table, PROFILE_ITEMS, random));
    }
    if (count.profiles.isEmpty()) return index.settings().probes();
    int lists = index.settings().lists();
    int most = 1;
    int fewest = 1;
    while (most < lists && count.recallLowerBound(most) < minimumRecall) {
      fewest = most + 1;
      most = Math.min(lists, most * 2);
    }
    while (fewest < most) {
      int probes = (fewest + most) / 2;
      if (count.recallLowerBound(probes) >= minimumRecall) most = probes;
      else fewest = probes + 1;
    }
    return most;
  }

  private void add(SampledProfile profile) {
    profiles.add(profile);
    truth.add(ExactNearestRows.INSTANCE.nearest(table, profile.vector(), k, profile.filter()));
  }

  /**
   * Mean recall@k of searches probing {@code probes} lists, against the exact answers, less two standard errors of
   * that mean (one-sided, the true mean lies above this about 97 times in 100).
   */
  private double recallLowerBound(int probes) {
    int n = profiles.size();
    double sum = 0;
    double sumOfSquares = 0;
    for (int q = 0; q < n; q++) {
      int[] rows = index.nearest(table, profiles.get(q).vector(), k, profiles.get(q).filter(), probes);
      int found = 0;
      for (int row : rows) for (int expected : truth.get(q)) if (row == expected) found++;
      double recall = truth.get(q).length == 0 ? 1 : found / (double) truth.get(q).length;
      sum += recall;
      sumOfSquares += recall * recall;
    }
    double mean = sum / n;
    if (n < 2) return mean;
    double variance = Math.max(0, (sumOfSquares - n * mean * mean) / (n - 1));
    return mean - 2 * Math.sqrt(variance / n);
  }
}
