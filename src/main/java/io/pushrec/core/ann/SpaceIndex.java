package io.pushrec.core.ann;

import io.pushrec.core.VectorTable;
import java.util.Collection;

/**
 * Chooses how one space's nearest items are found as its table grows: the exact scan up to {@code annAbove}
 * items, a graph above. Fed every new table version and the items that changed in it, it keeps the graph in step
 * at the cost of one graph insert per changed item; the graph is built whole only once, when the table first
 * crosses the threshold (or its dimension changes with a new model). Not thread-safe: the replica owns it.
 */
public final class SpaceIndex {
  /** Told when a graph is about to be built whole, and how long it took. */
  public interface Listener {
    void building(int items);

    void built(ItemGraph graph, long millis);
  }

  private final int annAbove;
  private final ItemGraph.Settings settings;
  private final int buildThreads;
  private final Listener listener;
  private ItemGraph graph;

  public SpaceIndex(int annAbove, ItemGraph.Settings settings, int buildThreads, Listener listener) {
    this.annAbove = annAbove;
    this.settings = settings;
    this.buildThreads = buildThreads;
    this.listener = listener;
  }

  /**
   * The search to serve {@code table} with, after bringing the graph in step with it.
   *
   * @param changed ids of the items whose rows {@code table} added or replaced since the previous call
   */
  public NearestRows update(VectorTable table, Collection<String> changed) {
    if (table.size() <= annAbove) {
      graph = null;
      return ExactNearestRows.INSTANCE;
    }
    if (graph == null || graph.dimension() != table.dimension()) {
      listener.building(table.size());
      long started = System.nanoTime();
      graph = ItemGraph.of(table, settings, buildThreads, done -> {});
      listener.built(graph, (System.nanoTime() - started) / 1_000_000);
      return graph;
    }
    for (String itemId : changed) {
      float[] vector = table.vector(itemId);
      if (vector != null) graph.put(itemId, vector);
    }
    return graph;
  }
}
