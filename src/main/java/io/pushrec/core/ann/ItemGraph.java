package io.pushrec.core.ann;

import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.NeighborSimilarity;
import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.VectorEncoding;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.pushrec.core.VectorTable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * A nearest-neighbour graph (jvector's HNSW/DiskANN-style single-layer graph) over one space's item vectors, kept
 * in step with the catalogue one item at a time: the catalogue replica, its only writer, {@link #put}s each
 * changed vector, while user entities search it from any thread.
 *
 * <p>The graph has nodes of its own, not the table's rows: a node is an item's vector as it was inserted. A vector
 * that moves far gets a new node and its old one is retired (skipped by searches, still walked through, as the
 * graph's links need it); a small move (an online-learning step) only replaces the node's stored vector, as its
 * links stay good enough. A search maps the nodes it found to item ids and those to the caller's own table
 * version, then rescores them exactly with that table's vectors: the graph only proposes candidates, so what a
 * reader gets is always scored by its own table, even while the replica is a batch ahead of it (in that window
 * the candidates are the newer batch's, which the reader's next snapshot serves anyway).
 *
 * <p>The graph is linked by the raw dot product although item vectors are not normalised: measured with
 * `pushrec bench-ann`, that beat the usual reduction of maximum inner product search to nearest-neighbour search
 * (each vector stored as (x / R, sqrt(1 - |x|² / R²))) by far — recall@10 0.93 against 0.48 at the same search
 * width on 20k Gaussian vectors — as the reduction leaves every query far from the nodes it must find.
 */
public final class ItemGraph implements NearestRows {
  /**
   * Graph shape and search width.
   *
   * @param maxDegree links per node (jvector's M)
   * @param beamWidth candidates considered when linking a new node
   * @param searchWidth candidates a search gathers and rescores, at least k (the over-fetch)
   */
  public record Settings(int maxDegree, int beamWidth, int searchWidth) {
    /**
     * jvector's usual M and beam. Width 100 keeps ItemVectorScorer near 2 ms per event at 1M items, at recall@10
     * 0.73 there and 0.90 at 200k; 250 buys 0.86 and 0.97 for twice the time (`pushrec bench-ann`, docs/benchmarks.md).
     */
    public static final Settings DEFAULT = new Settings(16, 100, 100);
  }

  /** A vector that moved more than this fraction of its length is re-linked; less, its node is just updated. */
  private static final double RELINK_ABOVE = 0.1;
  private static final float NEIGHBOR_OVERFLOW = 1.2f;
  private static final float ALPHA = 1.2f;
  /** A search that keeps fewer than k rows after filtering widens this many times before scanning instead. */
  private static final int WIDENINGS = 3;

  private final int dimension;
  private final Settings settings;
  private final NodeVectors vectors = new NodeVectors();
  private final GraphIndexBuilder<float[]> builder;
  private final ThreadLocal<GraphSearcher<float[]>> searchers;
  /** Writer-only: the live node of each item. */
  private final Map<String, Integer> nodeOfItem = new HashMap<>();
  private volatile String[] itemOfNode = new String[1024];
  /** One bit per node that a newer one replaced. Readers may see a bit late: rescoring keeps that harmless. */
  private volatile long[] retired = new long[16];
  private int retiredCount;

  private ItemGraph(int dimension, Settings settings) {
    this.dimension = dimension;
    this.settings = settings;
    this.builder = new GraphIndexBuilder<>(vectors, VectorEncoding.FLOAT32, VectorSimilarityFunction.DOT_PRODUCT,
        settings.maxDegree(), settings.beamWidth(), NEIGHBOR_OVERFLOW, ALPHA);
    this.searchers = ThreadLocal.withInitial(
        () -> new GraphSearcher.Builder<>(builder.getGraph().getView()).withConcurrentUpdates().build());
  }

  /**
   * A graph of every row of the table, linked on {@code threads} threads.
   *
   * @param progress told the number of rows linked so far, now and then
   */
  public static ItemGraph of(VectorTable table, Settings settings, int threads, IntConsumer progress) {
    ItemGraph graph = new ItemGraph(table.dimension(), settings);
    int n = table.size();
    for (int row = 0; row < n; row++) graph.append(table.idOf(row), table.vector(table.idOf(row)));
    AtomicInteger done = new AtomicInteger();
    ForkJoinPool pool = new ForkJoinPool(Math.max(1, threads));
    try {
      pool.submit(() -> IntStream.range(0, n).parallel().forEach(node -> {
        graph.builder.addGraphNode(node, graph.vectors);
        int d = done.incrementAndGet();
        if (d % 10_000 == 0) progress.accept(d);
      })).join();
    } finally {
      pool.shutdown();
    }
    graph.builder.complete();
    progress.accept(n);
    return graph;
  }

  public int dimension() {
    return dimension;
  }

  /** Items searchable: nodes minus retired ones. */
  public int items() {
    return nodeOfItem.size();
  }

  /** Nodes a newer vector replaced, still in the graph. */
  public int retiredNodes() {
    return retiredCount;
  }

  /** Heap held by the graph's links and node vectors. */
  public long ramBytes() {
    return builder.getGraph().ramBytesUsed() + (long) vectors.size() * (16 + 4L * dimension + 8);
  }

  /**
   * Adds the item's vector, or brings its node in step with a changed one. One thread at a time (the replica);
   * searches may run meanwhile.
   */
  public void put(String itemId, float[] vector) {
    if (vector.length != dimension) throw new IllegalArgumentException("vector of " + vector.length + " dimensions");
    Integer old = nodeOfItem.get(itemId);
    if (old != null) {
      float[] current = vectors.vectorValue(old);
      if (Arrays.equals(current, vector)) return;
      if (distance(current, vector) <= RELINK_ABOVE * Math.sqrt(dot(current, current))) {
        vectors.set(old, vector.clone());
        return;
      }
    }
    int node = append(itemId, vector.clone());
    builder.addGraphNode(node, vectors);
    if (old != null) retire(old);
  }

  private int append(String itemId, float[] vector) {
    int node = vectors.size();
    if (node == itemOfNode.length) itemOfNode = Arrays.copyOf(itemOfNode, node * 2);
    itemOfNode[node] = itemId;
    nodeOfItem.put(itemId, node);
    vectors.add(vector);
    return node;
  }

  private void retire(int node) {
    long[] bits = retired;
    if (node >> 6 >= bits.length) bits = Arrays.copyOf(bits, Math.max(bits.length * 2, (node >> 6) + 1));
    bits[node >> 6] |= 1L << node;
    retired = bits;
    retiredCount++;
  }

  private boolean isRetired(int node) {
    long[] bits = retired;
    return node >> 6 < bits.length && (bits[node >> 6] & (1L << node)) != 0;
  }

  @Override
  public int[] nearest(VectorTable table, float[] query, int k, RowFilter filter) {
    return nearest(table, query, k, filter, settings.searchWidth());
  }

  /** As {@link #nearest(VectorTable, float[], int, RowFilter)}, gathering {@code searchWidth} candidates. */
  public int[] nearest(VectorTable table, float[] query, int k, RowFilter filter, int searchWidth) {
    if (k <= 0 || table.size() == 0) return new int[0];
    if (table.dimension() != dimension) return ExactNearestRows.INSTANCE.nearest(table, query, k, filter);
    String[] items = itemOfNode;
    Bits live = new Bits() {
      @Override
      public boolean get(int node) {
        return !isRetired(node);
      }

      @Override
      public int length() {
        return items.length;
      }
    };
    NeighborSimilarity.ExactScoreFunction byDot = node -> dot(query, vectors.vectorValue(node));
    int width = Math.max(searchWidth, k);
    for (int round = 0; round <= WIDENINGS; round++, width *= 4) {
      SearchResult found = searchers.get().search(byDot, null, width, live);
      TopRows top = new TopRows(k);
      for (SearchResult.NodeScore candidate : found.getNodes()) {
        String itemId = itemOfNode[candidate.node];
        int row = table.rowOf(itemId);
        if (row < 0 || !filter.allows(itemId)) continue;
        float score = table.dot(row, query);
        if (top.wouldTake(score) && !top.contains(row)) top.offer(score, row);
      }
      // A result shorter than asked means the graph had no more live nodes to give.
      if (top.isFull() || found.getNodes().length < width) return top.bestFirst();
    }
    // The filter refused most of what the graph offered (a category almost all unavailable, say): scan.
    return ExactNearestRows.INSTANCE.nearest(table, query, k, filter);
  }

  private static float dot(float[] a, float[] b) {
    float sum = 0;
    for (int i = 0; i < a.length; i++) sum += a[i] * b[i];
    return sum;
  }

  private static double distance(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) sum += (a[i] - b[i]) * (double) (a[i] - b[i]);
    return Math.sqrt(sum);
  }

  @Override
  public String toString() {
    return "graph of " + items() + " items (" + retiredCount + " retired nodes)";
  }

  /**
   * The nodes' vectors, growable by the single writer while searches read: a node is published to readers by the
   * graph only after its vector is stored, and a grown array holds every vector stored before it.
   */
  private final class NodeVectors implements RandomAccessVectorValues<float[]> {
    private volatile float[][] rows = new float[1024][];
    private volatile int size;

    void add(float[] vector) {
      float[][] current = rows;
      if (size == current.length) current = Arrays.copyOf(current, size * 2);
      current[size] = vector;
      rows = current;
      size++;
    }

    void set(int node, float[] vector) {
      rows[node] = vector;
    }

    @Override
    public int size() {
      return size;
    }

    @Override
    public int dimension() {
      return dimension;
    }

    @Override
    public float[] vectorValue(int node) {
      return rows[node];
    }

    @Override
    public boolean isValueShared() {
      return false;
    }

    @Override
    public RandomAccessVectorValues<float[]> copy() {
      return this;
    }
  }
}
