package io.pushrec.core;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Chooses the baselines' parameters by validation NDCG@10, with statistics learned from the training part
 * only. The grids span what works on Amazon-style logs (short sessions, strong next-item signal).
 */
public final class BaselineTuning {
  static final int MAX_HISTORY = 50;
  static final int[] WINDOWS = {1, 2, 3, 4, 6, 10, 20};
  static final float[] REVERSE_WEIGHTS = {0f, 0.1f, 0.25f, 0.5f, 1f};
  static final float[] DISTANCE_DECAYS = {0.4f, 0.6f, 0.8f, 1f};
  static final float[] EXPONENTS = {0f, 0.25f, 0.5f, 0.75f, 1f};
  static final float[] RECENCY_DECAYS = {0.2f, 0.4f, 0.6f, 0.8f, 0.95f};
  static final float[] SHRINKAGES = {0f, 2f, 5f, 10f, 20f, 50f, 100f};
  private static final int ROUNDS = 2;

  private BaselineTuning() {}

  public static ScorerRecipe.CoVisitation tuneCoVisitation(ValidationObjective objective, Consumer<String> log) {
    List<int[]> train = TrainingSequences.beforeValidation(objective.split());
    int numItems = objective.split().data().numItems();
    Map<CoVisitationBuilder.Params, ItemNeighbours> built = new HashMap<>();
    CoVisitationBuilder.Params base = CoVisitationBuilder.Params.DEFAULT;
    // Coordinates: recency, window, reverse weight, distance decay, source exponent, target exponent.
    int[] sizes = {RECENCY_DECAYS.length, WINDOWS.length, REVERSE_WEIGHTS.length, DISTANCE_DECAYS.length,
        EXPONENTS.length, EXPONENTS.length};
    int[] start = {2, 2, 3, 2, 2, 2};
    CoordinateSearch.Result r = CoordinateSearch.maximise(sizes, start, ROUNDS, c -> {
      ScorerRecipe.CoVisitation recipe = coVisitation(base, c);
      ItemNeighbours links = built.computeIfAbsent(recipe.params(), p -> CoVisitationBuilder.build(train, numItems, p));
      double ndcg = objective.ndcg10(new NeighbourhoodScorer(links, recipe.recencyDecay(), MAX_HISTORY, ""));
      log.accept(String.format("  validation NDCG@10 %.4f  %s", ndcg, recipe.describe()));
      return ndcg;
    });
    return coVisitation(base, r.best());
  }

  private static ScorerRecipe.CoVisitation coVisitation(CoVisitationBuilder.Params base, int[] c) {
    CoVisitationBuilder.Params p = base.withWindow(WINDOWS[c[1]]).withReverseWeight(REVERSE_WEIGHTS[c[2]])
        .withDistanceDecay(DISTANCE_DECAYS[c[3]]).withSourceExponent(EXPONENTS[c[4]])
        .withTargetExponent(EXPONENTS[c[5]]);
    return new ScorerRecipe.CoVisitation(p, RECENCY_DECAYS[c[0]], MAX_HISTORY);
  }

  public static ScorerRecipe.ItemKnn tuneItemKnn(ValidationObjective objective, Consumer<String> log) {
    List<int[]> train = TrainingSequences.beforeValidation(objective.split());
    int numItems = objective.split().data().numItems();
    Map<ItemKnnBuilder.Params, ItemNeighbours> built = new HashMap<>();
    int maxNeighbours = ItemKnnBuilder.Params.DEFAULT.maxNeighbours();
    int[] sizes = {RECENCY_DECAYS.length, SHRINKAGES.length};
    int[] start = {2, 3};
    CoordinateSearch.Result r = CoordinateSearch.maximise(sizes, start, ROUNDS, c -> {
      ScorerRecipe.ItemKnn recipe = itemKnn(maxNeighbours, c);
      ItemNeighbours links = built.computeIfAbsent(recipe.params(), p -> ItemKnnBuilder.build(train, numItems, p));
      double ndcg = objective.ndcg10(new NeighbourhoodScorer(links, recipe.recencyDecay(), MAX_HISTORY, ""));
      log.accept(String.format("  validation NDCG@10 %.4f  %s", ndcg, recipe.describe()));
      return ndcg;
    });
    return itemKnn(maxNeighbours, r.best());
  }

  private static ScorerRecipe.ItemKnn itemKnn(int maxNeighbours, int[] c) {
    return new ScorerRecipe.ItemKnn(new ItemKnnBuilder.Params(SHRINKAGES[c[1]], maxNeighbours), RECENCY_DECAYS[c[0]],
        MAX_HISTORY);
  }
}
