package io.pushrec.core.ann;

import io.pushrec.core.VectorTable;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An inverted-file index over one space's item vectors: k-means splits the items into lists around centroids, and a
 * search scores the centroids against the query and scans only the items of the best few lists. Each list holds its
 * vectors contiguously, so a probe is a sequential pass the JIT turns into SIMD, not a walk through memory.
 *
 * <p>A version is immutable: {@link #with} makes the next one, sharing every list the changes left alone, so each
 * catalogue snapshot gets the version in step with its own table and a search needs no locking. Results are still
 * rescored with the caller's table, as {@link NearestRows} promises.
 *
 * <p>The search is for the largest dot product, not the nearest vector, and item vectors are not normalised: a
 * list's best item can beat its centroid's score by up to the list's radius times the query's length. Lists are
 * therefore ranked by the centroid's score plus a share of that bound, so a spread-out list is probed before a
 * tight one of the same centroid score.
 */
public final class InvertedFileIndex implements NearestRows {
  /**
   * Index shape and search effort.
   *
   * @param lists k-means centroids, each with the list of the items nearest to it
   * @param probes lists scanned per search, best centroid first
   */
  public record Settings(int lists, int probes) {
    public Settings {
      if (lists < 1 || probes < 1) throw new IllegalArgumentException("lists " + lists + ", probes " + probes);
    }

    /**
     * 2√n lists of √n/2 items, 40 of them probed until {@link ProbeCount} has measured how many the vectors need.
     * With lists growing as √n, the lists a search must probe for a given recall stayed about the same from 200k
     * to 1M trained vectors (~32 for recall@10 0.96 at both); 40 leaves a margin and keeps a search near 1 ms at 1M
     * (`pushrec bench-ann`, docs/benchmarks.md).
     */
    public static Settings forItems(int items) {
      int lists = (int) Math.max(1, Math.round(2 * Math.sqrt(items)));
      return new Settings(lists, Math.min(lists, 40));
    }
  }

  /** k-means learns from this many rows per centroid at most: more costs build time and buys no recall. */
  private static final int TRAINING_ROWS_PER_LIST = 64;
  private static final int KMEANS_ITERATIONS = 10;
  /** Rows scored against every centroid in one matrix product while assigning. */
  private static final int ASSIGN_BATCH = 4096;
  /**
   * A list's rank is its centroid's dot product with the query plus this share of the most any of its items could
   * add (list radius × query length). 0.3 cut the lists needed for recall@10 0.95 at 1M trained vectors from ~45 to
   * ~28 of 2,000, against the centroid alone; at 200k, 0.1, 0.5 and 1 (the bound itself) all needed more than 0.3
   * (docs/benchmarks.md).
   */
  private static final float RADIUS_WEIGHT = 0.3f;

  private final int dimension;
  private final Settings settings;
  /** Row-major, for the matrix product that finds items' nearest centroids. */
  private final float[] centroids;
  /** Centroid c's coordinate i at [i * lists + c]: the centroids' scores against a query come out of one pass. */
  private final float[] centroidsByDimension;
  /** Half of each centroid's squared length: the nearest centroid of x is the one of largest x·c - |c|²/2. */
  private final float[] centroidHalfNorms;
  private final ItemList[] lists;
  /** Each list's largest distance from an item to its centroid. */
  private final float[] radii;
  /** Writer-only, shared with the next version: the list each item is in. */
  private final Map<String, Integer> listOfItem;
  private boolean superseded;

  /**
   * One list's items: their ids, and their vectors dimension by dimension (every item's first coordinate, then
   * every item's second, ...), so that scoring the list against a query is one pass per dimension over a run of
   * floats. The ids' hashes sit beside them so an update finds an item without touching every id string.
   */
  private record ItemList(String[] ids, int[] idHashes, float[] coordinates) {
    static final ItemList EMPTY = new ItemList(new String[0], new int[0], new float[0]);

    static ItemList of(String[] ids, float[] coordinates) {
      return new ItemList(ids, Arrays.stream(ids).mapToInt(String::hashCode).toArray(), coordinates);
    }

    int size() {
      return ids.length;
    }

    /** Where the item is in this list, or -1. */
    int positionOf(String itemId) {
      int hash = itemId.hashCode();
      for (int item = 0; item < idHashes.length; item++) {
        if (idHashes[item] == hash && ids[item].equals(itemId)) return item;
      }
      return -1;
    }

    /** This list without the items at {@code dropped} (ascending positions), followed by {@code joining}. */
    ItemList with(int[] dropped, Map<String, float[]> joining, int dimension) {
      int n = size();
      int kept = n - dropped.length;
      int m = kept + joining.size();
      if (m == 0) return EMPTY;
      String[] newIds = new String[m];
      int[] newHashes = new int[m];
      float[] newCoordinates = new float[m * dimension];
      copyAllBut(ids, 0, newIds, 0, n, dropped);
      copyAllBut(idHashes, 0, newHashes, 0, n, dropped);
      for (int i = 0; i < dimension; i++) copyAllBut(coordinates, i * n, newCoordinates, i * m, n, dropped);
      int item = kept;
      for (Map.Entry<String, float[]> join : joining.entrySet()) {
        newIds[item] = join.getKey();
        newHashes[item] = join.getKey().hashCode();
        for (int i = 0; i < dimension; i++) newCoordinates[i * m + item] = join.getValue()[i];
        item++;
      }
      return new ItemList(newIds, newHashes, newCoordinates);
    }

    /** Copies the {@code n} elements of {@code from} at {@code start} to {@code to} at {@code at}, but the dropped. */
    private static void copyAllBut(Object from, int start, Object to, int at, int n, int[] dropped) {
      int next = 0;
      for (int drop : dropped) {
        System.arraycopy(from, start + next, to, at, drop - next);
        at += drop - next;
        next = drop + 1;
      }
      System.arraycopy(from, start + next, to, at, n - next);
    }
  }

  private InvertedFileIndex(int dimension, Settings settings, float[] centroids, float[] centroidHalfNorms,
      ItemList[] lists, float[] radii, Map<String, Integer> listOfItem) {
    this.dimension = dimension;
    this.settings = settings;
    this.centroids = centroids;
    this.centroidsByDimension = byDimension(centroids, lists.length, dimension);
    this.centroidHalfNorms = centroidHalfNorms;
    this.lists = lists;
    this.radii = radii;
    this.listOfItem = listOfItem;
  }

  /**
   * An index of every row of the table: k-means on a sample of the rows, then every row put in the list of its
   * nearest centroid. The matrix products run on ND4J's BLAS, with as many threads as it is given
   * (OMP_NUM_THREADS).
   *
   * @param progress told what the build is doing, now and then
   */
  public static InvertedFileIndex build(VectorTable table, Settings settings, long seed, Consumer<String> progress) {
    int n = table.size();
    int d = table.dimension();
    int listCount = Math.min(settings.lists(), Math.max(1, n));
    Random random = new Random(seed);
    float[] sample = sampleRows(table, Math.min(n, listCount * TRAINING_ROWS_PER_LIST), random);
    float[] centroids = kMeans(sample, d, listCount, random, progress);

    float[] halfNorms = halfNorms(centroids, d);
    int[] listOfRow = new int[n];
    float[] batch = new float[Math.min(n, ASSIGN_BATCH) * d];
    float[] vector = new float[d];
    for (int start = 0; start < n; start += ASSIGN_BATCH) {
      int rows = Math.min(ASSIGN_BATCH, n - start);
      for (int r = 0; r < rows; r++) System.arraycopy(vectorOf(table, start + r, vector), 0, batch, r * d, d);
      int[] nearest = nearestCentroids(batch, rows, d, centroids, halfNorms);
      System.arraycopy(nearest, 0, listOfRow, start, rows);
      if ((start / ASSIGN_BATCH) % 50 == 49) progress.accept(String.format("assigned %,d/%,d rows", start + rows, n));
    }

    int[] sizes = new int[listCount];
    for (int list : listOfRow) sizes[list]++;
    String[][] ids = new String[listCount][];
    float[][] coordinates = new float[listCount][];
    for (int list = 0; list < listCount; list++) {
      ids[list] = new String[sizes[list]];
      coordinates[list] = new float[sizes[list] * d];
    }
    int[] filled = new int[listCount];
    Map<String, Integer> listOfItem = new HashMap<>(n * 4 / 3 + 1);
    for (int row = 0; row < n; row++) {
      int list = listOfRow[row];
      int item = filled[list]++;
      ids[list][item] = table.idOf(row);
      vectorOf(table, row, vector);
      for (int i = 0; i < d; i++) coordinates[list][i * sizes[list] + item] = vector[i];
      listOfItem.put(table.idOf(row), list);
    }
    ItemList[] lists = new ItemList[listCount];
    float[] radii = new float[listCount];
    for (int list = 0; list < listCount; list++) {
      lists[list] = ItemList.of(ids[list], coordinates[list]);
      radii[list] = radius(lists[list], Arrays.copyOfRange(centroids, list * d, (list + 1) * d));
    }
    return new InvertedFileIndex(d, settings, centroids, halfNorms, lists, radii, listOfItem);
  }

  /**
   * This index, probing {@code probes} lists per search (as {@link ProbeCount} measured its vectors need). This
   * version is then superseded, as {@link #with} does: the writer's item map moves on with the new one.
   */
  public InvertedFileIndex withProbes(int probes) {
    if (superseded) throw new IllegalStateException("a newer version of this index was made; use that one");
    superseded = true;
    return new InvertedFileIndex(dimension, new Settings(lists.length, probes), centroids, centroidHalfNorms, lists,
        radii, listOfItem);
  }

  /** The row's vector, written into {@code into}: no id lookup and no allocation per row. */
  private static float[] vectorOf(VectorTable table, int row, float[] into) {
    Arrays.fill(into, 0);
    table.addTo(row, 1, into);
    return into;
  }

  /** {@code count} distinct rows picked at random, row-major. */
  private static float[] sampleRows(VectorTable table, int count, Random random) {
    int n = table.size();
    int d = table.dimension();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) order[i] = i;
    float[] sample = new float[count * d];
    float[] vector = new float[d];
    for (int s = 0; s < count; s++) {
      int pick = s + random.nextInt(n - s);
      int row = order[pick];
      order[pick] = order[s];
      System.arraycopy(vectorOf(table, row, vector), 0, sample, s * d, d);
    }
    return sample;
  }

  /**
   * Lloyd's k-means from {@code k} of the (already shuffled) sample's rows. A centroid left with no rows restarts
   * at a random row, so every list ends up with items.
   */
  private static float[] kMeans(float[] sample, int d, int k, Random random, Consumer<String> progress) {
    int m = sample.length / d;
    float[] centroids = Arrays.copyOf(sample, k * d);
    for (int iteration = 0; iteration < KMEANS_ITERATIONS; iteration++) {
      int[] nearest = nearestCentroids(sample, m, d, centroids, halfNorms(centroids, d));
      double[] sums = new double[k * d];
      int[] counts = new int[k];
      for (int r = 0; r < m; r++) {
        int c = nearest[r];
        counts[c]++;
        for (int i = 0; i < d; i++) sums[c * d + i] += sample[r * d + i];
      }
      for (int c = 0; c < k; c++) {
        if (counts[c] == 0) {
          System.arraycopy(sample, random.nextInt(m) * d, centroids, c * d, d);
          continue;
        }
        for (int i = 0; i < d; i++) centroids[c * d + i] = (float) (sums[c * d + i] / counts[c]);
      }
      progress.accept(String.format("k-means iteration %d/%d: %,d centroids, %,d sample rows",
          iteration + 1, KMEANS_ITERATIONS, k, m));
    }
    return centroids;
  }

  /** For each of the first {@code rows} rows, the centroid nearest to it, by one matrix product per batch. */
  private static int[] nearestCentroids(float[] data, int rows, int d, float[] centroids, float[] halfNorms) {
    int k = halfNorms.length;
    INDArray centroidMatrix = Nd4j.create(centroids, new long[] {k, d}, 'c');
    int[] nearest = new int[rows];
    for (int start = 0; start < rows; start += ASSIGN_BATCH) {
      int batch = Math.min(ASSIGN_BATCH, rows - start);
      INDArray rowMatrix = Nd4j.create(Arrays.copyOfRange(data, start * d, (start + batch) * d), new long[] {batch, d}, 'c');
      INDArray scores = Nd4j.create(DataType.FLOAT, new long[] {batch, k}, 'c');
      Nd4j.gemm(rowMatrix, centroidMatrix, scores, false, true, 1.0, 0.0);
      float[] flat = scores.data().asFloat();
      for (int r = 0; r < batch; r++) {
        int best = 0;
        float bestScore = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
          float score = flat[r * k + c] - halfNorms[c];
          if (score > bestScore) {
            bestScore = score;
            best = c;
          }
        }
        nearest[start + r] = best;
      }
    }
    return nearest;
  }

  private static float[] halfNorms(float[] centroids, int d) {
    float[] halfNorms = new float[centroids.length / d];
    for (int c = 0; c < halfNorms.length; c++) {
      float sum = 0;
      for (int i = 0; i < d; i++) sum += centroids[c * d + i] * centroids[c * d + i];
      halfNorms[c] = sum / 2;
    }
    return halfNorms;
  }

  private static float[] byDimension(float[] rowMajor, int rows, int d) {
    float[] transposed = new float[rowMajor.length];
    for (int r = 0; r < rows; r++) for (int i = 0; i < d; i++) transposed[i * rows + r] = rowMajor[r * d + i];
    return transposed;
  }

  public int dimension() {
    return dimension;
  }

  public Settings settings() {
    return settings;
  }

  public int items() {
    int items = 0;
    for (ItemList list : lists) items += list.size();
    return items;
  }

  /** Heap held by the index: its copy of the vectors, the centroids, the id arrays and the writer's item map. */
  public long ramBytes() {
    long bytes = 4L * (centroids.length + centroidsByDimension.length);
    for (ItemList list : lists) bytes += 16 + 3 * 16 + 4L * list.coordinates.length + 8L * list.size();
    return bytes + listOfItem.size() * 48L;
  }

  /**
   * The next version: every changed item's vector as {@code table} now holds it, in the list of its nearest
   * centroid, and out of the list it was in. Only the lists these items leave or join are copied. Only the newest
   * version may be updated (the writer's item map moves on with it); older ones keep serving searches.
   *
   * @param changed ids of the items whose rows {@code table} added or replaced since this version
   */
  public InvertedFileIndex with(VectorTable table, Collection<String> changed) {
    if (superseded) throw new IllegalStateException("a newer version of this index was made; update that one");
    if (table.dimension() != dimension) throw new IllegalArgumentException("table of " + table.dimension() + " dimensions");
    List<String> ids = List.copyOf(new LinkedHashSet<>(changed));
    float[] vectors = new float[ids.size() * dimension];
    for (int item = 0; item < ids.size(); item++) {
      float[] vector = table.vector(ids.get(item));
      if (vector != null) System.arraycopy(vector, 0, vectors, item * dimension, dimension);
    }
    int[] nearest = ids.isEmpty() ? new int[0]
        : nearestCentroids(vectors, ids.size(), dimension, centroids, centroidHalfNorms);
    Map<Integer, Map<String, float[]>> joining = new HashMap<>();
    Map<Integer, Set<String>> leaving = new HashMap<>();
    for (int item = 0; item < ids.size(); item++) {
      String itemId = ids.get(item);
      boolean inTable = table.rowOf(itemId) >= 0;
      Integer from = inTable ? listOfItem.put(itemId, nearest[item]) : listOfItem.remove(itemId);
      if (from != null) leaving.computeIfAbsent(from, l -> new HashSet<>()).add(itemId);
      if (inTable) {
        float[] vector = Arrays.copyOfRange(vectors, item * dimension, (item + 1) * dimension);
        joining.computeIfAbsent(nearest[item], l -> new LinkedHashMap<>()).put(itemId, vector);
      }
    }
    if (joining.isEmpty() && leaving.isEmpty()) return this;
    ItemList[] next = lists.clone();
    float[] nextRadii = radii.clone();
    Set<Integer> touched = new HashSet<>(joining.keySet());
    touched.addAll(leaving.keySet());
    for (int list : touched) {
      ItemList old = lists[list];
      Map<String, float[]> in = joining.getOrDefault(list, Map.of());
      Set<String> replaced = new HashSet<>(leaving.getOrDefault(list, Set.of()));
      replaced.addAll(in.keySet());
      int[] dropped = replaced.stream().mapToInt(old::positionOf).filter(item -> item >= 0).sorted().toArray();
      next[list] = old.with(dropped, in, dimension);
      nextRadii[list] = radius(next[list], Arrays.copyOfRange(centroids, list * dimension, (list + 1) * dimension));
    }
    superseded = true;
    return new InvertedFileIndex(dimension, settings, centroids, centroidHalfNorms, next, nextRadii, listOfItem);
  }

  private static float radius(ItemList list, float[] centroid) {
    int n = list.size();
    float[] squared = new float[n];
    for (int i = 0; i < centroid.length; i++) {
      float c = centroid[i];
      int offset = i * n;
      for (int item = 0; item < n; item++) {
        float difference = list.coordinates()[offset + item] - c;
        squared[item] += difference * difference;
      }
    }
    float largest = 0;
    for (float value : squared) largest = Math.max(largest, value);
    return (float) Math.sqrt(largest);
  }

  /**
   * Each of {@code n} vectors' dot product with the query, the vectors stored dimension by dimension, so the inner
   * loop runs over vectors and has no dependency chain. Each dimension's run is first copied into {@code row}: the
   * JIT (C2 of JDK 17) vectorises {@code scores[j] += q * row[j]}, but not the same loop reading the run in place,
   * since it cannot rule out that the two arrays overlap at that offset (2.7 times faster on cached lists, a
   * quarter on lists read from memory; docs/benchmarks.md). Each score adds its terms in the order
   * {@link VectorTable#dot} does, so the two agree to the bit.
   *
   * @param row scratch of at least {@code n} floats
   */
  private static float[] scoresByDimension(float[] coordinates, int n, float[] query, float[] scores, float[] row) {
    float first = query[0];
    for (int j = 0; j < n; j++) scores[j] = first * coordinates[j];
    for (int i = 1; i < query.length; i++) {
      float q = query[i];
      System.arraycopy(coordinates, i * n, row, 0, n);
      for (int j = 0; j < n; j++) scores[j] += q * row[j];
    }
    return scores;
  }

  @Override
  public int[] nearest(VectorTable table, float[] query, int k, RowFilter filter) {
    return nearest(table, query, k, filter, settings.probes());
  }

  /**
   * As {@link #nearest(VectorTable, float[], int, RowFilter)}, scanning {@code probes} lists. When the filter
   * refuses so much that fewer than k of their items pass, the answer is the exact scan's.
   */
  public int[] nearest(VectorTable table, float[] query, int k, RowFilter filter, int probes) {
    if (k <= 0 || table.size() == 0) return new int[0];
    if (table.dimension() != dimension) return ExactNearestRows.INSTANCE.nearest(table, query, k, filter);
    float[] listScores =
        scoresByDimension(centroidsByDimension, lists.length, query, new float[lists.length], new float[lists.length]);
    float squaredLength = 0;
    for (float coordinate : query) squaredLength += coordinate * coordinate;
    float allowance = RADIUS_WEIGHT * (float) Math.sqrt(squaredLength);
    for (int list = 0; list < lists.length; list++) listScores[list] += allowance * radii[list];
    TopRows bestLists = new TopRows(Math.min(probes, lists.length));
    for (int list = 0; list < lists.length; list++) bestLists.offer(listScores[list], list);
    int[] probed = bestLists.bestFirst();
    TopRows top = new TopRows(k);
    int longest = 0;
    for (int list : probed) longest = Math.max(longest, lists[list].size());
    float[] scores = new float[longest];
    float[] row = new float[longest];
    for (int list : probed) scan(lists[list], table, query, filter, top, scores, row);
    // The filter refused nearly everything the best lists hold (a category almost all unavailable, say): scan.
    if (!top.isFull() && probed.length < lists.length) return ExactNearestRows.INSTANCE.nearest(table, query, k, filter);
    return top.bestFirst();
  }

  /** Offers the list's items to {@code top}; {@code scores} and {@code row} are scratch of the list's size or more. */
  private static void scan(ItemList list, VectorTable table, float[] query, RowFilter filter, TopRows top,
      float[] scores, float[] row) {
    int n = list.size();
    scoresByDimension(list.coordinates(), n, query, scores, row);
    for (int item = 0; item < n; item++) {
      if (!top.wouldTake(scores[item])) continue;
      String itemId = list.ids()[item];
      int tableRow = table.rowOf(itemId);
      if (tableRow < 0 || !filter.allows(itemId)) continue;
      top.offer(table.dot(tableRow, query), tableRow);
    }
  }

  @Override
  public String toString() {
    return "inverted-file index of " + items() + " items in " + lists.length + " lists (" + settings.probes()
        + " probed)";
  }
}
