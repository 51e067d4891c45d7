package io.pushrec.core;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Why an item is pushed, grounded in the user's own events: the subject is always a title, category or
 * brand of something the user touched, never text made up here.
 *
 * @param subject the item name, category or brand the reason refers to; empty for {@link Kind#POPULAR}
 */
public record Explanation(Kind kind, String subject) {

  public enum Kind { VIEWED, CLICKED, CARTED, FAVOURITED, BOUGHT, CATEGORY, BRAND, POPULAR }

  public static final Explanation POPULAR = new Explanation(Kind.POPULAR, "");

  /** How many of the latest interactions may be named as the reason; older ones feel arbitrary to a shopper. */
  static final int SEEDS = 20;

  /**
   * The strongest reason the user's behaviour gives for {@code itemId}: a recent item co-visited with it
   * (the latest, strongest link wins), else a category the user likes, else a brand the user engaged
   * with, else plain popularity.
   */
  public static Explanation of(String itemId, InterestState user, CatalogSnapshot catalog, long nowMillis) {
    List<Interaction> recent = user.getRecent();
    Interaction best = null;
    double bestWeight = 0;
    double recency = 1;
    Set<String> named = new java.util.HashSet<>();
    for (int i = recent.size() - 1; i >= 0 && named.size() < SEEDS; i--) {
      Interaction seed = recent.get(i);
      if (!named.add(seed.itemId())) continue;
      double w = recency * link(catalog.model().neighboursOf(seed.itemId()), itemId) * Math.log1p(seed.type().interestWeight);
      if (w > bestWeight) {
        bestWeight = w;
        best = seed;
      }
      recency *= 0.85;
    }
    if (best != null) return new Explanation(kindOf(best.type()), nameOf(best.itemId(), catalog));

    CatalogItem item = catalog.item(itemId);
    if (item == null) return POPULAR;
    Map<String, Double> categories = user.categoryInterestAt(nowMillis);
    if (!item.category().isEmpty() && categories.getOrDefault(item.category(), 0.0) > 0) {
      return new Explanation(Kind.CATEGORY, item.category());
    }
    if (!item.brand().isEmpty()) {
      for (Interaction i : recent) {
        CatalogItem touched = catalog.item(i.itemId());
        if (touched != null && item.brand().equals(touched.brand())) return new Explanation(Kind.BRAND, item.brand());
      }
    }
    return POPULAR;
  }

  private static double link(Neighbours n, String itemId) {
    for (int j = 0; j < n.size(); j++) if (n.itemIds()[j].equals(itemId)) return n.weights()[j];
    return 0;
  }

  private static String nameOf(String itemId, CatalogSnapshot catalog) {
    CatalogItem item = catalog.item(itemId);
    return item == null ? "item " + itemId : item.shortName();
  }

  static Kind kindOf(EventType type) {
    return switch (type) {
      case CLICK -> Kind.CLICKED;
      case CART -> Kind.CARTED;
      case FAVORITE -> Kind.FAVOURITED;
      case PURCHASE -> Kind.BOUGHT;
      default -> Kind.VIEWED;
    };
  }
}
