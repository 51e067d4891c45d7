package io.pushrec.core.ann;

import io.pushrec.core.VectorTable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Chooses how one space's nearest items are found as its table grows: the exact scan up to {@code annAboveBytes}
 * of vectors, an inverted-file index above. The threshold is in bytes, not items, because a scan streams the whole
 * matrix: 24k items of 384-d text vectors cost as much per event as 144k of 64-d ones. Fed every new table version
 * and the items that changed in it, it gives each table the index version in step with it, copying only the lists
 * the changed items leave or join. The index is built whole only when the table first crosses the threshold (or its
 * dimension changes with a new model), and set to probe as many lists as sampled profiles showed its vectors need;
 * that build runs on {@code builds} — a minute or two at a million items — while the exact scan serves, and the
 * changes that arrive meanwhile are applied once it is done. Not thread-safe: the replica owns it.
 */
public final class SpaceIndex {
  /** Told about whole builds. {@link #built} and {@link #failed} come on the build's thread. */
  public interface Listener {
    void building(int items);

    void built(InvertedFileIndex index, long millis);

    void failed(Throwable cause);
  }

  /** Builds are seeded alike, so a node's index does not depend on chance. */
  private static final long BUILD_SEED = 1;
  /** The recall@10 a built index is set to probe for, with confidence, as {@link ProbeCount} measures it. */
  private static final double TARGET_RECALL = 0.95;
  /**
   * Profiles the probe count is measured on. More give a smaller standard error, so fewer lists for the same
   * confidence, at one exact scan each (0.3 s at 1M 384-d vectors).
   */
  private static final int CALIBRATION_QUERIES = 100;
  private static final int CALIBRATION_K = 10;

  private final long annAboveBytes;
  private final Executor builds;
  private final Listener listener;
  private InvertedFileIndex index;
  private CompletableFuture<InvertedFileIndex> building;
  private final Set<String> changedWhileBuilding = new HashSet<>();
  private boolean buildFailed;

  /** The index a node serves {@code table} with: built, then set to probe for {@link #TARGET_RECALL}. */
  public static InvertedFileIndex build(VectorTable table, Consumer<String> progress) {
    InvertedFileIndex built = InvertedFileIndex.build(table, InvertedFileIndex.Settings.forItems(table.size()),
        BUILD_SEED, progress);
    progress.accept("measuring the lists to probe for recall@" + CALIBRATION_K + " >= " + TARGET_RECALL);
    return built.withProbes(ProbeCount.measure(built, table, TARGET_RECALL, CALIBRATION_QUERIES, CALIBRATION_K,
        new Random(BUILD_SEED)));
  }

  public SpaceIndex(long annAboveBytes, Executor builds, Listener listener) {
    this.annAboveBytes = annAboveBytes;
    this.builds = builds;
    this.listener = listener;
  }

  /**
   * The search to serve {@code table} with, after bringing the index in step with it. Call it again with no
   * changes once {@link Listener#built} has been told, to get the index.
   *
   * @param changed ids of the items whose rows {@code table} added or replaced since the previous call
   */
  public NearestRows update(VectorTable table, Collection<String> changed) {
    if (table.rawBytes() <= annAboveBytes || buildFailed) {
      index = null;
      building = null;
      changedWhileBuilding.clear();
      return ExactNearestRows.INSTANCE;
    }
    Collection<String> toApply = changed;
    if (building != null) {
      if (!building.isDone()) {
        changedWhileBuilding.addAll(changed);
        return ExactNearestRows.INSTANCE;
      }
      if (building.isCompletedExceptionally()) {
        buildFailed = true;
        return update(table, changed);
      }
      index = building.join();
      building = null;
      List<String> all = new ArrayList<>(changedWhileBuilding);
      all.addAll(changed);
      toApply = all;
      changedWhileBuilding.clear();
    }
    if (index == null || index.dimension() != table.dimension()) {
      index = null;
      listener.building(table.size());
      long started = System.nanoTime();
      building = CompletableFuture
          .supplyAsync(() -> build(table, progress -> {}), builds)
          .whenComplete((built, failure) -> {
            if (failure != null) listener.failed(failure);
            else listener.built(built, (System.nanoTime() - started) / 1_000_000);
          });
      // The table it is built from holds every change so far; a build that is already done serves at once.
      return building.isDone() ? update(table, List.of()) : ExactNearestRows.INSTANCE;
    }
    index = index.with(table, toApply);
    return index;
  }
}
