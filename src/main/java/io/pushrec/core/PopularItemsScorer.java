package io.pushrec.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The baseline every push strategy must beat: the most popular items the user has not touched yet. It
 * ranks the whole catalogue once per snapshot, because a user who got many pushes has exhausted the
 * snapshot's short list of bestsellers while the repeat window still excludes them.
 */
public final class PopularItemsScorer implements Scorer {
  private record Ranking(CatalogSnapshot catalog, List<String> items) {}

  private volatile Ranking ranking = new Ranking(null, List.of());

  @Override
  public List<Recommendation> recommend(InterestState user, CatalogSnapshot catalog, int k, long nowMillis) {
    Set<String> seen = new HashSet<>();
    for (Interaction i : user.getRecent()) seen.add(i.itemId());
    user.getItemInterest().forEach((item, w) -> {
      if (w < 0) seen.add(item);
    });
    double top = Math.max(1, catalog.maxPopularity());
    List<Recommendation> out = new ArrayList<>(k);
    for (String item : rankingOf(catalog)) {
      if (out.size() == k) break;
      if (!seen.contains(item)) {
        out.add(new Recommendation(item, catalog.model().popularity(item) / top, "popular with shoppers now"));
      }
    }
    return out;
  }

  private List<String> rankingOf(CatalogSnapshot catalog) {
    Ranking current = ranking;
    if (current.catalog() == catalog) return current.items();
    List<String> items = catalog.items().stream().filter(CatalogItem::available).map(CatalogItem::itemId)
        .sorted(Comparator.comparingInt((String id) -> catalog.model().popularity(id)).reversed()
            .thenComparing(Comparator.naturalOrder()))
        .toList();
    ranking = new Ranking(catalog, items);
    return items;
  }
}
