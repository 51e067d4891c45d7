package io.pushrec.core;

import io.pushrec.core.ann.NearestRows;
import io.pushrec.core.ann.RowFilter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lets items the base scorer has never learned about (new in the catalogue) into its ranking through the
 * catalogue's item vectors: in each space (collaborative, content) the user is the recency-weighted sum of the
 * vectors of what they did lately and every item is scored by its dot product with it. A new item gets the
 * reciprocal-rank votes of its places in those spaces and takes its place among the base ranking's items, which
 * keep their order and their reciprocal-rank vote: the items the trained model knows are ranked exactly as the
 * offline evaluation measured, and a new item's vector, projected from its text the moment it was PUT, is what
 * lets it be recommended at once.
 */
public final class ItemVectorScorer implements Scorer {
  /** Reciprocal-rank constant: how much the top ranks dominate (60 is the usual choice). */
  static final int RANK_OFFSET = 60;
  static final double RECENCY = 0.85;
  static final int SEED_ITEMS = 20;

  private final Scorer base;
  /** Whether the catalogue has an item only the vectors can rank, derived once per snapshot and model version. */
  private volatile NewItems newItems = new NewItems(null, null, false);

  private record NewItems(CatalogSnapshot catalog, Object knowledge, boolean any) {}

  public ItemVectorScorer(Scorer base) {
    this.base = base;
  }

  @Override
  public boolean knows(String itemId, CatalogSnapshot catalog) {
    return base.knows(itemId, catalog);
  }

  @Override
  public List<Recommendation> recommend(InterestState user, CatalogSnapshot catalog, int k, long nowMillis) {
    List<Recommendation> fromBase = base.recommend(user, catalog, k, nowMillis);
    List<String> recent = user.getRecent().stream().map(Interaction::itemId).toList();
    if (recent.isEmpty()) return fromBase;
    // The vector spaces can only add items the base does not know; when there are none, the scans over every
    // item's vectors (most of an event's cost at 24k items with 384-d text vectors) would change nothing.
    if (!hasNewItems(catalog)) return withRankVotes(fromBase);
    Set<String> excluded = new HashSet<>(recent);
    user.getItemInterest().forEach((item, w) -> {
      if (w < 0) excluded.add(item);
    });
    Map<String, Double> fused = new HashMap<>();
    Map<String, String> reasons = new HashMap<>();
    for (int r = 0; r < fromBase.size(); r++) {
      Recommendation rec = fromBase.get(r);
      fused.merge(rec.itemId(), rankVote(r), Double::sum);
      reasons.put(rec.itemId(), rec.reason());
    }
    String because = "similar to " + nameOf(recent.get(recent.size() - 1), catalog) + " and what you looked at before";
    // Both spaces vote: collaborative vectors carry behaviour, content vectors carry the text that is all a new
    // item has (measured in docs/catalog.md: on new items the text space alone ranks best).
    RowFilter filter = new RowFilter(excluded, catalog::isRecommendable);
    for (Space space : List.of(new Space(catalog.collaborative(), catalog.collaborativeSearch()),
        new Space(catalog.content(), catalog.contentSearch()))) {
      List<String> nearest = nearest(profile(recent, space.vectors()), space, filter, k);
      for (int r = 0; r < nearest.size(); r++) {
        if (base.knows(nearest.get(r), catalog)) continue;
        fused.merge(nearest.get(r), rankVote(r), Double::sum);
        reasons.putIfAbsent(nearest.get(r), because);
      }
    }
    List<Recommendation> ranked = new ArrayList<>();
    fused.forEach((item, score) -> ranked.add(new Recommendation(item, score, reasons.get(item))));
    ranked.sort((a, b) -> a.score() != b.score()
        ? Double.compare(b.score(), a.score()) : a.itemId().compareTo(b.itemId()));
    return ranked.size() > k ? List.copyOf(ranked.subList(0, k)) : ranked;
  }

  /** The reciprocal-rank vote of the item at 0-based position {@code rank} of a ranking. */
  private static double rankVote(int rank) {
    return 1.0 / (RANK_OFFSET + rank + 1);
  }

  /** The base ranking with each item's reciprocal-rank vote as its score, as when new items take part. */
  private static List<Recommendation> withRankVotes(List<Recommendation> fromBase) {
    List<Recommendation> out = new ArrayList<>(fromBase.size());
    for (int r = 0; r < fromBase.size(); r++) {
      Recommendation rec = fromBase.get(r);
      out.add(new Recommendation(rec.itemId(), rankVote(r), rec.reason()));
    }
    return out;
  }

  private boolean hasNewItems(CatalogSnapshot catalog) {
    NewItems cached = newItems;
    Object knowledge = base.knowledge();
    if (cached.catalog() == catalog && cached.knowledge() == knowledge) return cached.any();
    boolean any = hasNewItem(catalog.collaborative(), catalog) || hasNewItem(catalog.content(), catalog);
    newItems = new NewItems(catalog, knowledge, any);
    return any;
  }

  private boolean hasNewItem(VectorTable vectors, CatalogSnapshot catalog) {
    for (int row = 0; row < vectors.size(); row++) {
      String id = vectors.idOf(row);
      if (!base.knows(id, catalog) && catalog.isRecommendable(id)) return true;
    }
    return false;
  }

  /** One item of a user profile and its recency weight. */
  public record ProfileItem(String itemId, float weight) {}

  /**
   * The user's latest distinct items (newest first, at most {@link #SEED_ITEMS}) with their recency weights: the
   * profile definition that serving, the offline evaluations and the online learner share.
   *
   * @param recent item ids, oldest first
   */
  public static List<ProfileItem> profileItems(List<String> recent) {
    List<ProfileItem> items = new ArrayList<>(Math.min(SEED_ITEMS, recent.size()));
    double weight = 1;
    Set<String> seen = new HashSet<>();
    for (int i = recent.size() - 1; i >= 0 && items.size() < SEED_ITEMS; i--) {
      if (!seen.add(recent.get(i))) continue;
      items.add(new ProfileItem(recent.get(i), (float) weight));
      weight *= RECENCY;
    }
    return items;
  }

  /**
   * The recency-weighted sum of the vectors of the user's latest distinct items, or null when none has one. The
   * offline cold-start evaluation calls this too, so what it measures is what is served.
   *
   * @param recent item ids, oldest first
   */
  public static float[] profile(List<String> recent, VectorTable vectors) {
    if (vectors.size() == 0 || recent.isEmpty()) return null;
    float[] profile = new float[vectors.dimension()];
    boolean any = false;
    for (ProfileItem item : profileItems(recent)) {
      int row = vectors.rowOf(item.itemId());
      if (row >= 0) {
        vectors.addTo(row, item.weight(), profile);
        any = true;
      }
    }
    return any ? profile : null;
  }

  /** One embedding space and how its nearest rows are found (a full scan, or an index above the configured size). */
  private record Space(VectorTable vectors, NearestRows search) {}

  private static List<String> nearest(float[] profile, Space space, RowFilter filter, int k) {
    if (profile == null) return List.of();
    int[] rows = space.search().nearest(space.vectors(), profile, k, filter);
    List<String> ids = new ArrayList<>(rows.length);
    for (int row : rows) ids.add(space.vectors().idOf(row));
    return ids;
  }

  private static String nameOf(String itemId, CatalogSnapshot catalog) {
    CatalogItem item = catalog.item(itemId);
    return item == null ? "item " + itemId : item.shortName();
  }
}
