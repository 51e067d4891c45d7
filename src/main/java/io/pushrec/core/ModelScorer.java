package io.pushrec.core;

import java.util.ArrayList;
import java.util.List;

/**
 * The live face of a trained {@link FusionModel}: the user's recent items go through exactly the code the
 * offline evaluator measured, then the shop's own rules apply (only available catalogue items, nothing the
 * user already touched or dismissed) and each pick is explained by the history item that links to it most.
 */
public final class ModelScorer implements Scorer {
  private final FusionModel model;
  /** Which model items the catalogue cannot offer, derived once per catalogue snapshot rather than per event. */
  private volatile Unrecommendable unrecommendable = new Unrecommendable(null, new boolean[0]);
  /** Per-thread scratch for one event's scores and exclusions: 23k items would otherwise be 120 KB of garbage an event. */
  private final ThreadLocal<float[]> scores;
  private final ThreadLocal<boolean[]> excluded;

  private record Unrecommendable(CatalogSnapshot catalog, boolean[] items) {}

  public ModelScorer(FusionModel model) {
    this.model = model;
    this.scores = ThreadLocal.withInitial(() -> new float[model.numItems()]);
    this.excluded = ThreadLocal.withInitial(() -> new boolean[model.numItems()]);
  }

  private boolean[] unrecommendable(CatalogSnapshot catalog) {
    Unrecommendable current = unrecommendable;
    if (current.catalog() == catalog) return current.items();
    boolean[] items = new boolean[model.numItems()];
    for (int i = 0; i < items.length; i++) items[i] = !catalog.isRecommendable(model.items().idOf(i));
    unrecommendable = new Unrecommendable(catalog, items);
    return items;
  }

  public FusionModel model() {
    return model;
  }

  @Override
  public boolean knows(String itemId, CatalogSnapshot catalog) {
    return model.items().indexOf(itemId) >= 0;
  }

  @Override
  public List<Recommendation> recommend(InterestState user, CatalogSnapshot catalog, int k, long nowMillis) {
    List<Interaction> recent = user.getRecent();
    int[] history = model.history(recent.stream().map(Interaction::itemId).toList());
    float[] scores = this.scores.get();
    model.scoreAll(history, scores);

    boolean[] unrecommendable = unrecommendable(catalog);
    boolean[] excluded = this.excluded.get();
    System.arraycopy(unrecommendable, 0, excluded, 0, unrecommendable.length);
    for (int h : history) excluded[h] = true;
    user.getItemInterest().forEach((item, weight) -> {
      int i = model.items().indexOf(item);
      if (weight < 0 && i >= 0) excluded[i] = true;
    });

    List<Recommendation> out = new ArrayList<>(k);
    for (int i : RankingMetrics.topK(scores, k, excluded)) {
      out.add(new Recommendation(model.items().idOf(i), scores[i], reason(i, history, recent, catalog)));
    }
    return out;
  }

  /** "because you viewed X" for the history item whose link adds most to the pick, else a plain popularity note. */
  private String reason(int item, int[] history, List<Interaction> recent, CatalogSnapshot catalog) {
    int position = model.strongestSource(history, item);
    if (position < 0) return "popular with shoppers now";
    String sourceId = model.items().idOf(history[position]);
    Interaction source = recent.get(recent.size() - 1);
    for (int r = recent.size() - 1; r >= 0; r--) {
      if (recent.get(r).itemId().equals(sourceId)) {
        source = recent.get(r);
        break;
      }
    }
    CatalogItem sourceItem = catalog.item(sourceId);
    String name = sourceItem == null ? "item " + sourceId : sourceItem.shortName();
    return "because you " + CoVisitationScorer.pastTense(source.type()) + " " + name;
  }
}
