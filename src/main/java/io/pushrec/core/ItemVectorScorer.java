package io.pushrec.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Adds the catalogue's collaborative vectors to another scorer: the user is the recency-weighted sum of the
 * vectors of what they did lately, every item is scored by its dot product with it, and the two rankings are
 * merged by reciprocal rank. Co-visitation knows nothing of an item nobody has touched yet; its vector —
 * projected from its text the moment it was PUT — is what lets a brand-new item be recommended at once.
 */
public final class ItemVectorScorer implements Scorer {
  /** Reciprocal-rank constant: how much the top ranks dominate (60 is the usual choice). */
  static final int RANK_OFFSET = 60;
  static final double RECENCY = 0.85;
  static final int SEED_ITEMS = 20;

  private final Scorer base;

  public ItemVectorScorer(Scorer base) {
    this.base = base;
  }

  @Override
  public List<Recommendation> recommend(InterestState user, CatalogSnapshot catalog, int k, long nowMillis) {
    List<Recommendation> fromBase = base.recommend(user, catalog, k, nowMillis);
    VectorTable vectors = catalog.collaborative();
    float[] profile = profile(user.getRecent().stream().map(Interaction::itemId).toList(), vectors);
    if (profile == null) return fromBase;
    Set<String> excluded = new HashSet<>();
    for (Interaction i : user.getRecent()) excluded.add(i.itemId());
    user.getItemInterest().forEach((item, w) -> {
      if (w < 0) excluded.add(item);
    });
    List<String> fromVectors = nearest(profile, vectors, catalog, excluded, k);

    Map<String, Double> fused = new HashMap<>();
    Map<String, String> reasons = new HashMap<>();
    for (int r = 0; r < fromBase.size(); r++) {
      Recommendation rec = fromBase.get(r);
      fused.merge(rec.itemId(), 1.0 / (RANK_OFFSET + r + 1), Double::sum);
      reasons.put(rec.itemId(), rec.reason());
    }
    String lastSeen = nameOf(user.getRecent().get(user.getRecent().size() - 1).itemId(), catalog);
    for (int r = 0; r < fromVectors.size(); r++) {
      fused.merge(fromVectors.get(r), 1.0 / (RANK_OFFSET + r + 1), Double::sum);
      reasons.putIfAbsent(fromVectors.get(r), "similar to " + lastSeen + " and what you looked at before");
    }
    List<Recommendation> ranked = new ArrayList<>();
    fused.forEach((item, score) -> ranked.add(new Recommendation(item, score, reasons.get(item))));
    ranked.sort((a, b) -> a.score() != b.score()
        ? Double.compare(b.score(), a.score()) : a.itemId().compareTo(b.itemId()));
    return ranked.size() > k ? List.copyOf(ranked.subList(0, k)) : ranked;
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
    double weight = 1;
    Set<String> seen = new HashSet<>();
    for (int i = recent.size() - 1, used = 0; i >= 0 && used < SEED_ITEMS; i--) {
      String item = recent.get(i);
      if (!seen.add(item)) continue;
      used++;
      int row = vectors.rowOf(item);
      if (row >= 0) {
        vectors.addTo(row, (float) weight, profile);
        any = true;
      }
      weight *= RECENCY;
    }
    return any ? profile : null;
  }

  private static List<String> nearest(float[] profile, VectorTable vectors, CatalogSnapshot catalog,
      Set<String> excluded, int k) {
    PriorityQueue<float[]> top = new PriorityQueue<>(k + 1, (a, b) -> Float.compare(a[0], b[0]));
    for (int row = 0; row < vectors.size(); row++) {
      String id = vectors.idOf(row);
      if (excluded.contains(id) || !catalog.isRecommendable(id)) continue;
      top.add(new float[] {vectors.dot(row, profile), row});
      if (top.size() > k) top.poll();
    }
    List<String> ids = new ArrayList<>(top.size());
    while (!top.isEmpty()) ids.add(0, vectors.idOf((int) top.poll()[1]));
    return ids;
  }

  private static String nameOf(String itemId, CatalogSnapshot catalog) {
    CatalogItem item = catalog.item(itemId);
    return item == null ? "item " + itemId : item.shortName();
  }
}
