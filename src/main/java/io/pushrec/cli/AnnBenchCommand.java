package io.pushrec.cli;

import io.pushrec.catalog.CatalogFile;
import io.pushrec.catalog.MiniLmTextEncoder;
import io.pushrec.core.BehaviourEvent;
import io.pushrec.core.CatalogItem;
import io.pushrec.core.CatalogSnapshot;
import io.pushrec.core.CoVisitationModel;
import io.pushrec.core.EventType;
import io.pushrec.core.InterestState;
import io.pushrec.core.ItemVectorScorer;
import io.pushrec.core.Recommendation;
import io.pushrec.core.Scorer;
import io.pushrec.core.TextEncoder;
import io.pushrec.core.VectorTable;
import io.pushrec.core.ann.ExactNearestRows;
import io.pushrec.core.ann.InvertedFileIndex;
import io.pushrec.core.ann.RowFilter;
import io.pushrec.core.ann.SampledProfile;
import io.pushrec.core.ann.SpaceIndex;
import io.pushrec.model.SasRecModel;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench-ann", mixinStandardHelpOptions = true,
    description = "The inverted-file index that serves catalogues above pushrec.catalog.ann-above-size: build "
        + "time, memory, recall@10 against the exact scan and query latency per number of lists probed, the "
        + "per-event cost of ItemVectorScorer with the index and with the scan, and the cost of keeping the index in "
        + "step with updates. With --content, the same for the content space, and the per-event cost with both "
        + "spaces.")
final class AnnBenchCommand implements Callable<Integer> {
  @Option(names = "--items", defaultValue = "1000000", description = "Items in the table (default: ${DEFAULT-VALUE}).")
  int items;

  @Option(names = "--model", description = "A model directory written by `pushrec train`: its trained item vectors, "
      + "grown to --items by perturbed copies. Without it: Gaussian random vectors of --dimension.")
  Path model;

  @Option(names = "--content", description = "A catalogue (JSON lines, as `import items` reads) whose items' text the "
      + "node's encoder turns into content vectors, grown to --items by copies with --noise and given the "
      + "collaborative rows' item ids: the run then measures the content space as well, and the per-event cost with "
      + "both spaces, as a node pays it when the catalogue has items the trained model does not know.")
  Path content;

  @Option(names = "--dimension", defaultValue = "64", description = "Dimension of random vectors (default: ${DEFAULT-VALUE}).")
  int dimension;

  @Option(names = "--noise", defaultValue = "0.5",
      description = "A copy of a trained vector gets Gaussian noise of this many times the original's RMS coordinate "
          + "(default: ${DEFAULT-VALUE}).")
  double noise;

  @Option(names = "--queries", defaultValue = "1000", description = "Queries for recall and latency (default: ${DEFAULT-VALUE}).")
  int queries;

  @Option(names = "--profile-items", defaultValue = "5",
      description = "Items summed into each query, recency-weighted as a user profile is (default: ${DEFAULT-VALUE}).")
  int profileItems;

  @Option(names = "--lists", description = "k-means lists (default: what the node builds for --items).")
  Integer lists;

  @Option(names = "--probes", split = ",", defaultValue = "8,16,24,32,40,48,64,96",
      description = "Lists scanned per search, one row each (default: ${DEFAULT-VALUE}).")
  int[] probes;

  @Option(names = "--event-probes",
      description = "Lists scanned per event for the per-event cost (default: as many as the node's build measures "
          + "the vectors need).")
  Integer eventProbes;

  @Option(names = "--threads", defaultValue = "1",
      description = "BLAS threads for the k-means and assignment products (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--events", defaultValue = "1000", description = "Timed events with the index (default: ${DEFAULT-VALUE}).")
  int events;

  @Option(names = "--exact-events", defaultValue = "100", description = "Timed events with the scan (default: ${DEFAULT-VALUE}).")
  int exactEvents;

  @Option(names = "--updates", defaultValue = "2000",
      description = "Items moved far, in flushes of 100, to time index updates (default: ${DEFAULT-VALUE}).")
  int updates;

  @Option(names = "--seed", defaultValue = "42")
  long seed;

  private static final int K = 10;

  @Override
  public Integer call() throws Exception {
    Random random = new Random(seed);
    Nd4j.factory().blas().setMaxThreads(threads);
    long started = System.nanoTime();
    VectorTable collaborative = model != null ? grownFromModel(random) : gaussian(random);
    String set = model != null
        ? String.format(Locale.ROOT, "trained item vectors of %s grown by copies with noise %.2f", model, noise)
        : "Gaussian random vectors";
    System.out.printf(Locale.ROOT, "Collaborative vectors: %,d x %d, %s (%.1f s to make); queries: sums of %d random "
        + "items, recency-weighted, those items excluded%n", collaborative.size(), collaborative.dimension(), set,
        seconds(started), profileItems);
    Space collaborativeSpace = measure(collaborative, random);
    Space contentSpace = null;
    if (content != null) {
      started = System.nanoTime();
      VectorTable contentVectors = grownContent(collaborative, random);
      System.out.printf(Locale.ROOT, "%nContent vectors: %,d x %d, the text of %s encoded by %s, grown by copies with "
          + "noise %.2f (%.1f s to make)%n", contentVectors.size(), contentVectors.dimension(), content,
          MiniLmTextEncoder.NAME, noise, seconds(started));
      contentSpace = measure(contentVectors, random);
    }
    System.out.println();
    perEvent(collaborativeSpace, contentSpace);
    updates(collaborative, collaborativeSpace.index(), random);
    return 0;
  }

  /** One space's table, its index and the user profiles queried against it. */
  private record Space(VectorTable table, InvertedFileIndex index, List<Query> workload) {}

  /** Builds the space's index and prints its build cost, and its recall and latency per number of lists probed. */
  private Space measure(VectorTable table, Random random) {
    InvertedFileIndex.Settings node = InvertedFileIndex.Settings.forItems(table.size());
    long heapBefore = usedHeap();
    long buildStarted = System.nanoTime();
    Consumer<String> progress = step -> System.err.printf(Locale.ROOT, "  %s (%.0f s)%n", step, seconds(buildStarted));
    // Without overrides, the node's own build: the lists it makes and the probes it measures its vectors need.
    InvertedFileIndex index = lists == null && eventProbes == null ? SpaceIndex.build(table, progress)
        : InvertedFileIndex.build(table, new InvertedFileIndex.Settings(lists != null ? lists : node.lists(),
            eventProbes != null ? eventProbes : node.probes()), seed, progress);
    InvertedFileIndex.Settings settings = index.settings();
    double buildSeconds = seconds(buildStarted);
    long heapGrowth = usedHeap() - heapBefore;
    System.out.printf(Locale.ROOT, "Build: %.1f s, %d BLAS thread(s), %,d lists (%.0f items per list), %d probed "
            + "per event; index %.0f MB by its estimate, heap growth %.0f MB; the table itself %.0f MB%n", buildSeconds,
        threads, settings.lists(), table.size() / (double) settings.lists(), settings.probes(),
        index.ramBytes() / 1e6, heapGrowth / 1e6, table.heapBytes() / 1e6);

    List<Query> workload = new ArrayList<>();
    for (int q = 0; q < queries; q++) workload.add(query(table, random));
    int[][] truth = new int[queries][];
    long[] exactNanos = new long[queries];
    long started = System.nanoTime();
    for (int q = 0; q < queries; q++) {
      long t = System.nanoTime();
      truth[q] = ExactNearestRows.INSTANCE.nearest(table, workload.get(q).vector, K, workload.get(q).filter);
      exactNanos[q] = System.nanoTime() - t;
      if ((q + 1) % 100 == 0) System.err.printf(Locale.ROOT, "  exact top-%d: %d/%d queries (%.0f s)%n", K, q + 1, queries, seconds(started));
    }
    System.out.printf(Locale.ROOT, "Exact scan: p50 %.2f ms, p99 %.2f ms (%d queries, one thread)%n",
        percentile(exactNanos, 0.5), percentile(exactNanos, 0.99), queries);

    System.out.println("| lists probed | share of lists | recall@10 | p50 ms | p99 ms |");
    System.out.println("| ---: | ---: | ---: | ---: | ---: |");
    for (int probe : probes) {
      for (int q = 0; q < Math.min(queries, 200); q++) index.nearest(table, workload.get(q).vector, K, workload.get(q).filter, probe);
      long[] nanos = new long[queries];
      long found = 0;
      long expected = 0;
      for (int q = 0; q < queries; q++) {
        long t = System.nanoTime();
        int[] rows = index.nearest(table, workload.get(q).vector, K, workload.get(q).filter, probe);
        nanos[q] = System.nanoTime() - t;
        found += overlap(rows, truth[q]);
        expected += truth[q].length;
      }
      System.out.printf(Locale.ROOT, "| %d | %.1f %% | %.4f | %.3f | %.3f |%n", probe,
          100.0 * Math.min(probe, settings.lists()) / settings.lists(), found / (double) expected,
          percentile(nanos, 0.5), percentile(nanos, 0.99));
    }
    return new Space(table, index, workload);
  }

  /**
   * The whole of ItemVectorScorer per event (profile, nearest rows in each space, fusion) over a catalogue of every
   * item, with a base scorer that knows none of them, so each nearest item is looked up and fused as a new one would
   * be. With a content space, an event searches both, as on a node.
   */
  private void perEvent(Space collaborative, Space content) {
    CatalogSnapshot catalog = catalogOf(collaborative.table());
    Scorer knowsNothing = new Scorer() {
      @Override
      public List<Recommendation> recommend(InterestState user, CatalogSnapshot c, int k, long now) {
        return List.of();
      }

      @Override
      public boolean knows(String itemId, CatalogSnapshot c) {
        return false;
      }
    };
    ItemVectorScorer scorer = new ItemVectorScorer(knowsNothing);
    List<InterestState> users = collaborative.workload().stream().map(q -> q.user).toList();
    String spaces = content == null ? "collaborative space only" : "both spaces";
    String probed = collaborative.index().settings().probes()
        + (content == null ? "" : " collaborative, " + content.index().settings().probes() + " content");
    for (boolean indexed : new boolean[] {true, false}) {
      CatalogSnapshot served = catalog.withVectors(content == null ? VectorTable.empty(0) : content.table(),
          content != null && indexed ? content.index() : ExactNearestRows.INSTANCE,
          collaborative.table(), indexed ? collaborative.index() : ExactNearestRows.INSTANCE);
      int n = indexed ? events : exactEvents;
      for (int e = 0; e < Math.min(n, 100); e++) scorer.recommend(users.get(e % users.size()), served, K, 0);
      long[] nanos = new long[n];
      for (int e = 0; e < n; e++) {
        long t = System.nanoTime();
        scorer.recommend(users.get(e % users.size()), served, K, 0);
        nanos[e] = System.nanoTime() - t;
      }
      System.out.printf(Locale.ROOT, "ItemVectorScorer per event with the %s: p50 %.3f ms, p99 %.3f ms (%d events, "
              + "one thread; %s; lists probed: %s)%n", indexed ? "index" : "exact scan",
          percentile(nanos, 0.5), percentile(nanos, 0.99), n, spaces, probed);
    }
  }

  private static CatalogSnapshot catalogOf(VectorTable table) {
    List<CatalogItem> catalogItems = new ArrayList<>(table.size());
    for (int row = 0; row < table.size(); row++) {
      catalogItems.add(new CatalogItem(table.idOf(row), "", "", "", "", null, List.of(), true));
    }
    return CatalogSnapshot.of(catalogItems, CoVisitationModel.EMPTY);
  }

  /**
   * Moves items far (each vector negated, so it changes lists) in flushes of 100, as the replica applies them: what
   * keeping the index in step costs beside the table copy each flush makes. Medians, as one flush in a few lands on
   * a garbage collection of the previous tables.
   */
  private void updates(VectorTable table, InvertedFileIndex index, Random random) {
    int batch = Math.min(100, updates);
    int flushes = updates / batch;
    long[] indexNanos = new long[flushes];
    long[] copyNanos = new long[flushes];
    for (int flush = 0; flush < flushes; flush++) {
      List<VectorTable.Row> moved = new ArrayList<>(batch);
      for (int u = 0; u < batch; u++) {
        int row = random.nextInt(table.size());
        float[] vector = table.vector(table.idOf(row));
        for (int i = 0; i < vector.length; i++) vector[i] = -vector[i];
        moved.add(new VectorTable.Row(table.idOf(row), vector, table.version(row) + 1));
      }
      long started = System.nanoTime();
      table = table.with(moved);
      copyNanos[flush] = System.nanoTime() - started;
      started = System.nanoTime();
      index = index.with(table, moved.stream().map(VectorTable.Row::itemId).toList());
      indexNanos[flush] = System.nanoTime() - started;
    }
    System.out.printf(Locale.ROOT, "Updates, %d flushes of %d moved items each: the index p50 %.1f ms, max %.1f ms per "
            + "flush; VectorTable.with copying the %.0f MB matrix p50 %.1f ms, max %.1f ms (table of %,d)%n",
        flushes, batch, percentile(indexNanos, 0.5), percentile(indexNanos, 1), table.rawBytes() / 1e6,
        percentile(copyNanos, 0.5), percentile(copyNanos, 1), table.size());
  }

  private VectorTable gaussian(Random random) {
    List<VectorTable.Row> rows = new ArrayList<>(items);
    for (int r = 0; r < items; r++) {
      float[] v = new float[dimension];
      for (int i = 0; i < dimension; i++) v[i] = (float) random.nextGaussian();
      rows.add(new VectorTable.Row("r" + r, v, 1));
    }
    return VectorTable.empty(dimension).with(rows);
  }

  /** Text vectors of the --content catalogue, copied with noise to one per row of {@code ids}, under its item ids. */
  private VectorTable grownContent(VectorTable ids, Random random) throws Exception {
    List<CatalogItem> catalogue = CatalogFile.read(content);
    TextEncoder encoder = new MiniLmTextEncoder();
    List<float[]> encoded = new ArrayList<>(catalogue.size());
    long started = System.nanoTime();
    for (CatalogItem item : catalogue) {
      try {
        encoded.add(encoder.embed(TextEncoder.textOf(item)));
      } catch (IllegalStateException nonFinite) {
        continue; // as on a node, an item the encoder fails on keeps no content vector
      }
      if (encoded.size() % 500 == 0) {
        System.err.printf(Locale.ROOT, "  encoded %d/%d titles (%.0f s)%n", encoded.size(), catalogue.size(), seconds(started));
      }
    }
    List<VectorTable.Row> rows = new ArrayList<>(ids.size());
    for (int r = 0; r < ids.size(); r++) {
      float[] v = encoded.get(r % encoded.size()).clone();
      if (r >= encoded.size()) addNoise(v, random);
      rows.add(new VectorTable.Row(ids.idOf(r), v, 1));
    }
    return VectorTable.empty(encoder.dimension()).with(rows);
  }

  /** Gaussian noise of --noise times the vector's RMS coordinate on every coordinate. */
  private void addNoise(float[] v, Random random) {
    double rms = Math.sqrt(dot(v, v) / v.length);
    for (int i = 0; i < v.length; i++) v[i] += (float) (noise * rms * random.nextGaussian());
  }

  private VectorTable grownFromModel(Random random) throws Exception {
    SasRecModel sasRec = SasRecModel.load(model);
    int d = sasRec.config().dim();
    int trained = sasRec.numItems();
    float[] matrix = sasRec.itemEmbeddings();
    List<VectorTable.Row> rows = new ArrayList<>(items);
    for (int r = 0; r < items; r++) {
      int base = r % trained;
      float[] v = Arrays.copyOfRange(matrix, base * d, (base + 1) * d);
      String id = sasRec.items().idOf(base);
      if (r >= trained) {
        addNoise(v, random);
        id = id + "~" + r;
      }
      rows.add(new VectorTable.Row(id, v, 1));
    }
    return VectorTable.empty(d).with(rows);
  }

  private record Query(float[] vector, RowFilter filter, InterestState user) {}

  /** A user who viewed a few random items, as the node's build samples them, and that user's state for an event. */
  private Query query(VectorTable table, Random random) {
    SampledProfile profile = SampledProfile.of(table, profileItems, random);
    InterestState user = InterestState.EMPTY;
    for (int i = 0; i < profile.items().size(); i++) {
      user = user.apply(new BehaviourEvent("e" + i, EventType.VIEW, profile.items().get(i), null, i, Map.of()), "");
    }
    return new Query(profile.vector(), profile.filter(), user);
  }

  private static int overlap(int[] a, int[] b) {
    int n = 0;
    for (int x : a) for (int y : b) if (x == y) n++;
    return n;
  }

  private static double percentile(long[] nanos, double p) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
  }

  private static float dot(float[] a, float[] b) {
    float s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private static long usedHeap() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
