package io.pushrec.core.ann;

import io.pushrec.core.ItemVectorScorer;
import io.pushrec.core.VectorTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * How many lists an index must probe for a recall, measured on sampled user profiles (each the profile of a few
 * random items, which it excludes, as {@link ItemVectorScorer} builds one) against the exact scan. How many lists a
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
  private final List<float[]> profiles = new ArrayList<>();
  private final List<RowFilter> filters = new ArrayList<>();
  private final List<int[]> truth = new ArrayList<>();

  private ProbeCount(InvertedFileIndex index, VectorTable table, int k) {
    this.index = index;
    this.table = table;
    this.k = k;
  }

  /**
   * The fewest lists with which the index's mean recall@k reached {@code targetRecall} on {@code profiles} sampled
   * profiles, or the index's own count when the table is too small to sample from. Recall grows with the lists
   * probed (they are a prefix of the same order), so doubling and then halving finds the count, and the searches
   * tried cost about twice the answer's. The exact answers cost {@code profiles} full scans: seconds at 1M items.
   */
  public static int measure(InvertedFileIndex index, VectorTable table, double targetRecall, int profiles, int k,
      Random random) {
    ProbeCount count = new ProbeCount(index, table, k);
    for (int q = 0; q < profiles && table.size() > PROFILE_ITEMS; q++) count.sample(random);
    if (count.profiles.isEmpty()) return index.settings().probes();
    int lists = index.settings().lists();
    int most = 1;
    int fewest = 1;
    while (most < lists && count.recall(most) < targetRecall) {
      fewest = most + 1;
      most = Math.min(lists, most * 2);
    }
    while (fewest < most) {
      int probes = (fewest + most) / 2;
      if (count.recall(probes) >= targetRecall) most = probes;
      else fewest = probes + 1;
    }
    return most;
  }

  private void sample(Random random) {
    List<String> recent = new ArrayList<>();
    for (int i = 0; i < PROFILE_ITEMS; i++) recent.add(table.idOf(random.nextInt(table.size())));
    float[] profile = ItemVectorScorer.profile(recent, table);
    RowFilter filter = new RowFilter(Set.copyOf(recent), id -> true);
    profiles.add(profile);
    filters.add(filter);
    truth.add(ExactNearestRows.INSTANCE.nearest(table, profile, k, filter));
  }

  /** Mean recall@k of searches probing {@code probes} lists, against the exact answers. */
  private double recall(int probes) {
    long found = 0;
    long wanted = 0;
    for (int q = 0; q < profiles.size(); q++) {
      int[] rows = index.nearest(table, profiles.get(q), k, filters.get(q), probes);
      for (int row : rows) for (int expected : truth.get(q)) if (row == expected) found++;
      wanted += truth.get(q).length;
    }
    return wanted == 0 ? 1 : found / (double) wanted;
  }
}
