package io.pushrec.core;

import io.pushrec.core.ann.ExactNearestRows;
import io.pushrec.core.ann.NearestRows;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable, read-optimised view of the item catalogue and the collaborative model, shared by every
 * user on a node. Changes produce a new snapshot, so a reader never sees a half-applied update.
 */
public final class CatalogSnapshot {
  static final int CANDIDATES_PER_CATEGORY = 50;
  static final int POPULAR_CANDIDATES = 100;

  private final Map<String, CatalogItem> items;
  private final CoVisitationModel model;
  private final List<String> popularAvailable;
  private final Map<String, List<String>> popularByCategory;
  private final int maxPopularity;
  private final VectorTable content;
  private final VectorTable collaborative;
  private final NearestRows contentSearch;
  private final NearestRows collaborativeSearch;

  private CatalogSnapshot(Map<String, CatalogItem> items, CoVisitationModel model, VectorTable content,
      VectorTable collaborative, NearestRows contentSearch, NearestRows collaborativeSearch) {
    this.items = items;
    this.model = model;
    this.content = content;
    this.collaborative = collaborative;
    this.contentSearch = contentSearch;
    this.collaborativeSearch = collaborativeSearch;
    List<CatalogItem> available = new ArrayList<>();
    for (CatalogItem item : items.values()) if (item.available()) available.add(item);
    Comparator<CatalogItem> byPopularity =
        Comparator.comparingInt((CatalogItem i) -> model.popularity(i.itemId())).reversed()
            .thenComparing(CatalogItem::itemId);
    available.sort(byPopularity);
    this.popularAvailable = available.stream().limit(POPULAR_CANDIDATES).map(CatalogItem::itemId).toList();
    Map<String, List<String>> byCategory = new HashMap<>();
    for (CatalogItem item : available) {
      if (item.category().isEmpty()) continue;
      List<String> list = byCategory.computeIfAbsent(item.category(), c -> new ArrayList<>());
      if (list.size() < CANDIDATES_PER_CATEGORY) list.add(item.itemId());
    }
    this.popularByCategory = Map.copyOf(byCategory);
    this.maxPopularity = available.isEmpty() ? 0 : model.popularity(available.get(0).itemId());
  }

  /** Same items and model, other vectors: nothing derived from the items is recomputed. */
  private CatalogSnapshot(CatalogSnapshot base, VectorTable content, VectorTable collaborative,
      NearestRows contentSearch, NearestRows collaborativeSearch) {
    this.items = base.items;
    this.model = base.model;
    this.popularAvailable = base.popularAvailable;
    this.popularByCategory = base.popularByCategory;
    this.maxPopularity = base.maxPopularity;
    this.content = content;
    this.collaborative = collaborative;
    this.contentSearch = contentSearch;
    this.collaborativeSearch = collaborativeSearch;
  }

  // HashMap, not Map.copyOf: the immutable map probes linearly, and numeric ids such as "123" hash into
  // long runs of neighbouring slots, which made lookups the replay's hottest spot.
  public static CatalogSnapshot of(Collection<CatalogItem> items, CoVisitationModel model) {
    Map<String, CatalogItem> map = new HashMap<>();
    for (CatalogItem item : items) map.put(item.itemId(), item);
    return new CatalogSnapshot(Collections.unmodifiableMap(map), model, VectorTable.empty(0), VectorTable.empty(0),
        ExactNearestRows.INSTANCE, ExactNearestRows.INSTANCE);
  }

  public static CatalogSnapshot empty() {
    return of(List.of(), CoVisitationModel.EMPTY);
  }

  /** A new snapshot with these items added or replaced. */
  public CatalogSnapshot withItems(Collection<CatalogItem> changed) {
    if (changed.isEmpty()) return this;
    Map<String, CatalogItem> map = new HashMap<>(items);
    for (CatalogItem item : changed) map.put(item.itemId(), item);
    return new CatalogSnapshot(Collections.unmodifiableMap(map), model, content, collaborative, contentSearch,
        collaborativeSearch);
  }

  public CatalogSnapshot withModel(CoVisitationModel newModel) {
    return new CatalogSnapshot(items, newModel, content, collaborative, contentSearch, collaborativeSearch);
  }

  /** A new snapshot with these embedding tables; readers of this one keep theirs. */
  public CatalogSnapshot withVectors(VectorTable newContent, VectorTable newCollaborative) {
    return new CatalogSnapshot(this, newContent, newCollaborative, contentSearch, collaborativeSearch);
  }

  /**
   * A new snapshot with these tables and the searches that find their nearest rows (the replica's indexes above
   * pushrec.catalog.ann-above-size of vectors). A search answers for whatever table it is given, so a snapshot
   * whose tables change without it keeps correct, exactly rescored results.
   */
  public CatalogSnapshot withVectors(VectorTable newContent, NearestRows newContentSearch, VectorTable newCollaborative,
      NearestRows newCollaborativeSearch) {
    return new CatalogSnapshot(this, newContent, newCollaborative, newContentSearch, newCollaborativeSearch);
  }

  /** Content vectors (text encoder space) of the items that have text. */
  public VectorTable content() {
    return content;
  }

  /** Collaborative vectors (the recommender's item space): learned from behaviour, or projected from text. */
  public VectorTable collaborative() {
    return collaborative;
  }

  /** How the nearest rows of {@link #content()} are found. */
  public NearestRows contentSearch() {
    return contentSearch;
  }

  /** How the nearest rows of {@link #collaborative()} are found. */
  public NearestRows collaborativeSearch() {
    return collaborativeSearch;
  }

  public CatalogItem item(String itemId) {
    return items.get(itemId);
  }

  public boolean contains(String itemId) {
    return items.containsKey(itemId);
  }

  public boolean isRecommendable(String itemId) {
    CatalogItem item = items.get(itemId);
    return item != null && item.available();
  }

  public String categoryOf(String itemId) {
    CatalogItem item = items.get(itemId);
    return item == null ? "" : item.category();
  }

  public Collection<CatalogItem> items() {
    return items.values();
  }

  public int size() {
    return items.size();
  }

  public CoVisitationModel model() {
    return model;
  }

  public List<String> popularAvailable() {
    return popularAvailable;
  }

  public List<String> popularIn(String category) {
    return popularByCategory.getOrDefault(category, List.of());
  }

  public int maxPopularity() {
    return maxPopularity;
  }
}
