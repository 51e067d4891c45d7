package io.pushrec.core;

import java.util.ArrayList;
import java.util.List;

/**
 * The live face of a trained {@link FusionModel}: the user's recent items go through exactly the code the
 * offline evaluator measured, then the shop's own rules apply (only available catalogue items, nothing the
 * user already touched or dismissed) and each pick is explained by the history item that links to it most.
 */
public final class ModelScorer implements Scorer {
  /** The component whose item-to-item links explain a pick; absent components just give no such reason. */
  static final String EXPLAINING_COMPONENT = "covisitation";
  /** Latest history items searched for an explanation. */
  static final int EXPLAINED_HISTORY = 20;

  private final FusionModel model;
  private final ItemNeighbours links;

  public ModelScorer(FusionModel model) {
    this.model = model;
    this.links = model.components().stream()
        .filter(c -> c.name().equals(EXPLAINING_COMPONENT) && c.scorer() instanceof NeighbourhoodScorer)
        .map(c -> ((NeighbourhoodScorer) c.scorer()).neighbours())
        .findFirst().orElse(null);
  }

  public FusionModel model() {
    return model;
  }

  @Override
  public List<Recommendation> recommend(InterestState user, CatalogSnapshot catalog, int k, long nowMillis) {
    List<Interaction> recent = user.getRecent();
    int[] history = model.history(recent.stream().map(Interaction::itemId).toList());
    int n = model.numItems();
    float[] scores = new float[n];
    model.scoreAll(history, scores);

    boolean[] excluded = new boolean[n];
    for (int h : history) excluded[h] = true;
    user.getItemInterest().forEach((item, weight) -> {
      int i = model.items().indexOf(item);
      if (weight < 0 && i >= 0) excluded[i] = true;
    });
    for (int i = 0; i < n; i++) {
      if (!excluded[i] && !catalog.isRecommendable(model.items().idOf(i))) excluded[i] = true;
    }

    List<Recommendation> out = new ArrayList<>(k);
    for (int i : RankingMetrics.topK(scores, k, excluded)) {
      out.add(new Recommendation(model.items().idOf(i), scores[i], reason(i, recent, catalog)));
    }
    return out;
  }

  /** "because you viewed X" for the recent item with the strongest link to the pick, else a plain popularity note. */
  private String reason(int item, List<Interaction> recent, CatalogSnapshot catalog) {
    Interaction best = null;
    float bestWeight = 0f;
    for (int r = recent.size() - 1, seen = 0; r >= 0 && seen < EXPLAINED_HISTORY; r--, seen++) {
      Interaction seed = recent.get(r);
      float w = linkWeight(seed.itemId(), item);
      if (w > bestWeight) {
        bestWeight = w;
        best = seed;
      }
    }
    if (best == null) return "popular with shoppers now";
    CatalogItem seedItem = catalog.item(best.itemId());
    String name = seedItem == null ? "item " + best.itemId() : seedItem.shortName();
    return "because you " + CoVisitationScorer.pastTense(best.type()) + " " + name;
  }

  private float linkWeight(String fromItemId, int to) {
    if (links == null) return 0f;
    int from = model.items().indexOf(fromItemId);
    if (from < 0) return 0f;
    int[] neighbours = links.neighboursOf(from);
    float[] weights = links.weightsOf(from);
    for (int j = 0; j < neighbours.length; j++) if (neighbours[j] == to) return weights[j];
    return 0f;
  }
}
