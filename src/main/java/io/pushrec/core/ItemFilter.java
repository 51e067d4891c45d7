package io.pushrec.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a caller may ask of one recommendation request: only items in a category (the category or anything below
 * it in its path), and a score boost for a brand or a category. Unavailable items are never recommended, filter
 * or not. Applied after scoring, to a longer list than asked for, so the scorer stays the one the evaluator runs.
 *
 * @param category "" for every category; else the item's category must start with it
 * @param boost multiplies the score of an item of {@code boostBrand} or {@code boostCategory} by 1 + boost
 */
public record ItemFilter(String category, String boostBrand, String boostCategory, double boost) {
  public static final ItemFilter NONE = new ItemFilter("", "", "", 0);
  /** How many more candidates than asked for a filtered request scores. */
  public static final int OVERFETCH = 5;

  public ItemFilter {
    category = category == null ? "" : category;
    boostBrand = boostBrand == null ? "" : boostBrand;
    boostCategory = boostCategory == null ? "" : boostCategory;
  }

  public boolean isNone() {
    return category.isEmpty() && (boost == 0 || boostBrand.isEmpty() && boostCategory.isEmpty());
  }

  public boolean admits(CatalogItem item) {
    return item != null && item.available() && item.category().startsWith(category);
  }

  /**
   * @param ranked the scorer's list, best first, longer than k
   * @return at most k admitted items, boosted and re-ranked; when the category has fewer scored items, the
   *     category's most popular items fill the list
   */
  public List<Recommendation> apply(List<Recommendation> ranked, CatalogSnapshot catalog, int k) {
    List<Recommendation> kept = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Recommendation r : ranked) {
      CatalogItem item = catalog.item(r.itemId());
      if (!admits(item)) continue;
      boolean boosted = !boostBrand.isEmpty() && boostBrand.equals(item.brand())
          || !boostCategory.isEmpty() && item.category().startsWith(boostCategory);
      kept.add(boosted ? new Recommendation(r.itemId(), r.score() * (1 + boost), r.reason()) : r);
      ids.add(r.itemId());
    }
    kept.sort(Comparator.comparingDouble(Recommendation::score).reversed());
    if (kept.size() > k) return List.copyOf(kept.subList(0, k));
    if (!category.isEmpty()) {
      catalog.items().stream()
          .filter(i -> admits(i) && !ids.contains(i.itemId()))
          .sorted(Comparator.comparingInt((CatalogItem i) -> catalog.model().popularity(i.itemId())).reversed()
              .thenComparing(CatalogItem::itemId))
          .limit(k - kept.size())
          .forEach(i -> kept.add(new Recommendation(i.itemId(), 0, "popular in " + category)));
    }
    return kept;
  }
}
