package io.pushrec.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The honest first scorer: items co-visited with what the user did recently, plus the user's decayed
 * category interest, plus a little popularity so that a new user still gets something sensible.
 */
public final class CoVisitationScorer implements Scorer {
  /** How many of the latest interactions seed co-visitation candidates. */
  static final int SEED_ITEMS = 20;
  /** Each step back in the sequence counts this much less than the one after it. */
  static final double RECENCY = 0.85;
  static final double CATEGORY_WEIGHT = 0.2;
  static final double POPULARITY_WEIGHT = 0.05;
  static final int INTERESTING_CATEGORIES = 3;

  @Override
  public boolean knows(String itemId, CatalogSnapshot catalog) {
    return catalog.model().popularity(itemId) > 0;
  }

  @Override
  public List<Recommendation> recommend(InterestState user, CatalogSnapshot catalog, int k, long nowMillis) {
    Set<String> excluded = new HashSet<>();
    for (Interaction i : user.getRecent()) excluded.add(i.itemId());
    Map<String, Double> itemInterest = user.getItemInterest();
    itemInterest.forEach((item, w) -> {
      if (w < 0) excluded.add(item);
    });

    Map<String, Candidate> candidates = new HashMap<>();
    addCoVisited(user.getRecent(), catalog, excluded, candidates);
    Map<String, Double> categories = user.categoryInterestAt(nowMillis);
    addCategoryFavourites(categories, catalog, excluded, candidates);
    for (String item : catalog.popularAvailable()) {
      if (!excluded.contains(item)) candidates.computeIfAbsent(item, Candidate::new);
    }

    double strongestCategory = categories.values().stream().mapToDouble(Math::abs).max().orElse(0);
    // Co-visitation is scaled to [0, 1] per user so that its weight against category and popularity means
    // the same for a user with one event as for one with fifty.
    double strongestCoVisitation = candidates.values().stream().mapToDouble(c -> c.coVisitation).max().orElse(0);
    double logMaxPop = Math.log1p(catalog.maxPopularity());
    PriorityQueue<Recommendation> top =
        new PriorityQueue<>(k + 1, (a, b) -> a.score() != b.score()
            ? Double.compare(a.score(), b.score()) : b.itemId().compareTo(a.itemId()));
    for (Candidate c : candidates.values()) {
      if (!catalog.isRecommendable(c.itemId)) continue;
      String category = catalog.categoryOf(c.itemId);
      double categoryScore = strongestCategory == 0 ? 0
          : CATEGORY_WEIGHT * categories.getOrDefault(category, 0.0) / strongestCategory;
      double popularityScore = logMaxPop == 0 ? 0
          : POPULARITY_WEIGHT * Math.log1p(catalog.model().popularity(c.itemId)) / logMaxPop;
      double coVisitationScore = strongestCoVisitation == 0 ? 0 : c.coVisitation / strongestCoVisitation;
      double score = coVisitationScore + categoryScore + popularityScore;
      top.add(new Recommendation(c.itemId, score, reason(c, coVisitationScore, categoryScore, category, catalog)));
      if (top.size() > k) top.poll();
    }
    List<Recommendation> ranked = new ArrayList<>(top);
    ranked.sort((a, b) -> a.score() != b.score()
        ? Double.compare(b.score(), a.score()) : a.itemId().compareTo(b.itemId()));
    return ranked;
  }

  private static void addCoVisited(
      List<Interaction> recent, CatalogSnapshot catalog, Set<String> excluded, Map<String, Candidate> out) {
    double recency = 1.0;
    int seeds = 0;
    Set<String> seenSeeds = new HashSet<>();
    for (int i = recent.size() - 1; i >= 0 && seeds < SEED_ITEMS; i--, recency *= RECENCY) {
      Interaction seed = recent.get(i);
      if (!seenSeeds.add(seed.itemId())) continue;
      seeds++;
      double seedWeight = recency * Math.log1p(seed.type().interestWeight);
      Neighbours n = catalog.model().neighboursOf(seed.itemId());
      for (int j = 0; j < n.size(); j++) {
        String item = n.itemIds()[j];
        if (excluded.contains(item)) continue;
        out.computeIfAbsent(item, Candidate::new).addEvidence(seed, seedWeight * n.weights()[j]);
      }
    }
  }

  private static void addCategoryFavourites(
      Map<String, Double> categories, CatalogSnapshot catalog, Set<String> excluded, Map<String, Candidate> out) {
    int used = 0;
    for (Map.Entry<String, Double> e : categories.entrySet()) {
      if (used++ == INTERESTING_CATEGORIES || e.getValue() <= 0) break;
      for (String item : catalog.popularIn(e.getKey())) {
        if (!excluded.contains(item)) out.computeIfAbsent(item, Candidate::new);
      }
    }
  }

  private static String reason(
      Candidate c, double coVisitationScore, double categoryScore, String category, CatalogSnapshot catalog) {
    if (c.strongestSeed != null && coVisitationScore >= categoryScore) {
      CatalogItem seed = catalog.item(c.strongestSeed.itemId());
      String name = seed == null ? "item " + c.strongestSeed.itemId() : seed.shortName();
      return "because you " + pastTense(c.strongestSeed.type()) + " " + name;
    }
    if (categoryScore > 0) return "popular in " + category + ", which you like";
    return "popular with shoppers now";
  }

  static String pastTense(EventType type) {
    return switch (type) {
      case VIEW -> "viewed";
      case CLICK -> "clicked";
      case CART -> "added to cart";
      case FAVORITE -> "favourited";
      case PURCHASE -> "bought";
      default -> "looked at";
    };
  }

  private static final class Candidate {
    final String itemId;
    double coVisitation;
    Interaction strongestSeed;
    double strongestContribution;

    Candidate(String itemId) {
      this.itemId = itemId;
    }

    void addEvidence(Interaction seed, double contribution) {
      coVisitation += contribution;
      if (contribution > strongestContribution) {
        strongestContribution = contribution;
        strongestSeed = seed;
      }
    }
  }
}
