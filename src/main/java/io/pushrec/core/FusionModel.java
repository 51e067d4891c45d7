package io.pushrec.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.SplittableRandom;

/**
 * The served scorer: named, weighted components over one item index, and the model directory that holds
 * them. The directory is self-contained (no training log needed):
 * <pre>
 *   fusion.json             format, item count, components in order: name, kind, weight; plus free-form info
 *   items.txt               external item id of dense index 0, 1, 2, ... one per line
 *   NAME.*                  each component's own files, written by {@link SavableScorer#save}
 * </pre>
 * Components are read back by the {@link ComponentLoader} of their kind: the built-in ones, and any a module
 * registers with {@link ServiceLoader}.
 */
public final class FusionModel implements SequenceScorer {
  public static final String DESCRIPTOR = "fusion.json";
  public static final String ITEMS = "items.txt";
  private static final String FORMAT = "pushrec-fusion";
  private static final int VERSION = 1;
  private static final int WARM_UP_HISTORY = 20;
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public record Component(String name, SavableScorer scorer, float weight) {}

  private final ItemIndex items;
  private final List<Component> components;
  private final Map<String, String> info;
  private final FusionScorer fused;

  /** @param info free-form notes kept in fusion.json, e.g. how each component was tuned */
  public FusionModel(ItemIndex items, List<Component> components, Map<String, String> info) {
    this.items = items;
    this.components = List.copyOf(components);
    this.info = Map.copyOf(info);
    float[] weights = new float[components.size()];
    for (int i = 0; i < weights.length; i++) weights[i] = components.get(i).weight();
    this.fused = new FusionScorer(components.stream().map(Component::scorer).toList(), weights);
    if (fused.numItems() != items.size()) throw new IllegalArgumentException("components and item index differ in size");
    for (Component c : components) {
      if (!c.name().matches("[A-Za-z0-9_-]+")) throw new IllegalArgumentException("component name " + c.name());
    }
  }

  public ItemIndex items() {
    return items;
  }

  public List<Component> components() {
    return components;
  }

  public Map<String, String> info() {
    return info;
  }

  @Override
  public int numItems() {
    return items.size();
  }

  @Override
  public void scoreAll(int[] history, float[] out) {
    fused.scoreAll(history, out);
  }

  /**
   * Scores {@code calls} random histories and throws the scores away. A node does this when it loads a model,
   * before serving with it, so that the scoring loops reach the JIT's optimising compiler while the node is still
   * quiet. Left to the live rankings on a loaded 2-core machine, they were still in the first compiler's scalar code
   * after eight minutes of load, with that compiler's queue full: 3-11 ms a ranking of the Games model instead of
   * 0.2 ms (docs/benchmarks.md).
   */
  public void warmUp(int calls) {
    int n = numItems();
    if (n == 0) return;
    SplittableRandom random = new SplittableRandom(calls);
    float[] scores = new float[n];
    for (int c = 0; c < calls; c++) scoreAll(random.ints(WARM_UP_HISTORY, 0, n).toArray(), scores);
  }

  /** Dense indices of the ids this model knows, in order; unknown ids (new items) are skipped. */
  public int[] history(List<String> itemIds) {
    int[] out = new int[itemIds.size()];
    int n = 0;
    for (String id : itemIds) {
      int i = items.indexOf(id);
      if (i >= 0) out[n++] = i;
    }
    return java.util.Arrays.copyOf(out, n);
  }

  /**
   * The k best items the user has not touched yet, best first, as external ids with their fused scores. The
   * reason is left empty: explaining a pick is the caller's job, which knows the event types behind the history.
   */
  public List<Recommendation> recommend(List<String> recentItemIds, int k) {
    int[] history = history(recentItemIds);
    float[] scores = new float[numItems()];
    scoreAll(history, scores);
    boolean[] excluded = new boolean[numItems()];
    for (int h : history) excluded[h] = true;
    List<Recommendation> out = new ArrayList<>(k);
    for (int i : RankingMetrics.topK(scores, k, excluded)) out.add(new Recommendation(items.idOf(i), scores[i], ""));
    return out;
  }

  /**
   * The history position that best explains recommending {@code item}: the strongest link in the
   * heaviest-weighted neighbourhood component that has one, or -1. Lets the node say "because you viewed X".
   */
  public int strongestSource(int[] history, int item) {
    List<Component> byWeight = new ArrayList<>(components);
    byWeight.sort((a, b) -> Float.compare(b.weight(), a.weight()));
    for (Component c : byWeight) {
      if (c.weight() > 0 && c.scorer() instanceof NeighbourhoodScorer n) {
        int source = n.strongestSource(history, item);
        if (source >= 0) return source;
      }
    }
    return -1;
  }

  public void save(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.write(dir.resolve(ITEMS), items.ids(), StandardCharsets.UTF_8);
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("version", VERSION);
    root.put("numItems", items.size());
    ArrayNode list = root.putArray("components");
    for (Component c : components) {
      c.scorer().save(dir, c.name());
      list.addObject().put("name", c.name()).put("kind", c.scorer().kind()).put("weight", c.weight());
    }
    ObjectNode notes = root.putObject("info");
    new java.util.TreeMap<>(info).forEach(notes::put);
    // The descriptor goes last: a directory with fusion.json is complete.
    JSON.writeValue(dir.resolve(DESCRIPTOR).toFile(), root);
  }

  public static FusionModel load(Path dir) throws IOException {
    JsonNode root = JSON.readTree(dir.resolve(DESCRIPTOR).toFile());
    if (!FORMAT.equals(root.path("format").asText()) || root.path("version").asInt() != VERSION) {
      throw new IOException(dir.resolve(DESCRIPTOR) + ": not a " + FORMAT + " version " + VERSION + " descriptor");
    }
    ItemIndex items = ItemIndex.of(Files.readAllLines(dir.resolve(ITEMS), StandardCharsets.UTF_8));
    if (items.size() != root.path("numItems").asInt()) throw new IOException(dir.resolve(ITEMS) + ": wrong item count");
    Map<String, ComponentLoader> loaders = loaders();
    List<Component> components = new ArrayList<>();
    for (JsonNode c : root.path("components")) {
      String kind = c.path("kind").asText();
      ComponentLoader loader = loaders.get(kind);
      if (loader == null) throw new IOException("no loader for component kind '" + kind + "' (known: " + loaders.keySet() + ")");
      String name = c.path("name").asText();
      components.add(new Component(name, loader.load(dir, name, items), (float) c.path("weight").asDouble()));
    }
    Map<String, String> info = new LinkedHashMap<>();
    root.path("info").fields().forEachRemaining(e -> info.put(e.getKey(), e.getValue().asText()));
    return new FusionModel(items, components, info);
  }

  private static Map<String, ComponentLoader> loaders() {
    Map<String, ComponentLoader> byKind = new HashMap<>();
    for (ComponentLoader l : List.of(new PopularityScorer.Loader(), new NeighbourhoodScorer.Loader())) {
      byKind.put(l.kind(), l);
    }
    for (ComponentLoader l : ServiceLoader.load(ComponentLoader.class)) byKind.put(l.kind(), l);
    return byKind;
  }
}
