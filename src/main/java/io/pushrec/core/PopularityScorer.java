package io.pushrec.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The baseline every push strategy must beat: the most popular items the user has not touched yet. */
public final class PopularityScorer implements Scorer {
  @Override
  public List<Recommendation> recommend(InterestState user, CatalogSnapshot catalog, int k, long nowMillis) {
    Set<String> seen = new HashSet<>();
    for (Interaction i : user.getRecent()) seen.add(i.itemId());
    user.getItemInterest().forEach((item, w) -> {
      if (w < 0) seen.add(item);
    });
    double top = Math.max(1, catalog.maxPopularity());
    List<Recommendation> out = new ArrayList<>(k);
    for (String item : catalog.popularAvailable()) {
      if (out.size() == k) break;
      if (!seen.contains(item)) {
        out.add(new Recommendation(item, catalog.model().popularity(item) / top, "popular with shoppers now"));
      }
    }
    return out;
  }
}
