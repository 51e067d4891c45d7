package io.pushrec.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Builds the served fusion on a leave-one-out split: tunes each baseline on validation (statistics from
 * the training part only), tunes the weights of baselines plus any extra components (such as a trained
 * sequence model) on validation, then refits the baselines on everything but the test items and swaps in
 * the extras' refitted versions. The result can be evaluated on test honestly and served as is.
 */
public final class FusionTraining {
  /** Validation users used for tuning: enough for stable choices, few enough to keep tuning to minutes. */
  public static final int TUNING_USERS = 10_000;
  public static final long TUNING_SEED = 7;
  /** Popularity's least weight relative to the strongest component; see {@link #keepPopularityAsTieBreak}. */
  static final float TIE_BREAK = 1e-3f;

  /**
   * @param model the tuned fusion, baselines refitted on all but the test items
   * @param recipes the tuned baselines, in the model's component order
   * @param tuningSeconds wall time spent tuning each baseline, by name, and "fusion" for the weights
   */
  public record Result(FusionModel model, List<ScorerRecipe> recipes, Map<String, Double> tuningSeconds) {}

  /**
   * A component trained elsewhere, twice: on the training part (what the weights are tuned against) and on
   * everything but the test items (what is served), like the baselines. Both may be the same object.
   */
  public record Extra(SequenceScorer forTuning, SavableScorer forServing) {}

  private FusionTraining() {}

  /**
   * @param extras components trained elsewhere on the same split (same item index), by name, in order; each
   *     must have a {@link ComponentLoader} for its kind so the model can be loaded
   */
  public static Result buildAndTune(LeaveOneOutSplit split, Map<String, Extra> extras, int threads,
      Consumer<String> log) {
    int numItems = split.data().numItems();
    ValidationObjective objective = new ValidationObjective(split, TUNING_USERS, TUNING_SEED, threads);
    Map<String, Double> seconds = new LinkedHashMap<>();
    List<ScorerRecipe> recipes = new ArrayList<>();
    recipes.add(timed("popularity", seconds, ScorerRecipe.Popularity::new));
    log.accept("tuning co-visitation on " + objective.users().length + " validation users");
    recipes.add(timed("covisitation", seconds, () -> BaselineTuning.tuneCoVisitation(objective, log)));
    log.accept("tuning item-KNN");
    recipes.add(timed("itemknn", seconds, () -> BaselineTuning.tuneItemKnn(objective, log)));

    log.accept("tuning fusion weights over " + (recipes.size() + extras.size()) + " components");
    recipes.forEach(r -> log.accept("  chosen " + r.describe()));
    long start = System.nanoTime();
    List<int[]> beforeValidation = TrainingSequences.beforeValidation(split);
    List<SequenceScorer> forTuning = new ArrayList<>();
    for (ScorerRecipe r : recipes) forTuning.add(r.fit(beforeValidation, numItems));
    for (Extra e : extras.values()) forTuning.add(e.forTuning());
    float[] weights = FusionTuner.tune(forTuning, objective, log);
    keepPopularityAsTieBreak(weights);
    log.accept(String.format("  final weights %s: validation NDCG@10 %.4f", java.util.Arrays.toString(weights),
        objective.ndcg10(new FusionScorer(forTuning, weights))));
    seconds.put("fusion", (System.nanoTime() - start) / 1e9);

    List<int[]> beforeTest = TrainingSequences.beforeTest(split);
    List<FusionModel.Component> components = new ArrayList<>();
    Map<String, String> info = new LinkedHashMap<>();
    for (ScorerRecipe r : recipes) {
      components.add(new FusionModel.Component(r.name(), r.fit(beforeTest, numItems), weights[components.size()]));
      info.put(r.name(), r.describe());
    }
    for (Map.Entry<String, Extra> e : extras.entrySet()) {
      components.add(new FusionModel.Component(e.getKey(), e.getValue().forServing(), weights[components.size()]));
    }
    info.put("tuning", "baseline parameters by validation NDCG@10 (full ranking), weights by validation NDCG@10 "
        + "(full + sampled-100, each relative to its best) on " + objective.users().length
        + " users; components refitted on all but the test items");
    return new Result(new FusionModel(split.data().items(), components, info), recipes, seconds);
  }

  /** {@link #buildAndTune} and save the model into {@code dir}; what `pushrec train` calls. */
  public static FusionModel buildTuneAndSave(LeaveOneOutSplit split, Map<String, Extra> extras,
      Path dir, Consumer<String> log) throws IOException {
    FusionModel model = buildAndTune(split, extras, Runtime.getRuntime().availableProcessors(), log).model();
    model.save(dir);
    log.accept("fusion model saved to " + dir);
    return model;
  }

  /**
   * Full-ranking NDCG@10 cannot see how items without any evidence are ordered (they are far below the top
   * 10), so the search may drop popularity entirely. But a user whose history links to few items still needs
   * a full list, and the sampled protocol ranks exactly such items, so popularity keeps a weight just large
   * enough to order the ties and too small to overturn any but negligible differences in evidence.
   */
  private static void keepPopularityAsTieBreak(float[] weights) {
    // Popularity is always the first recipe.
    float max = 0;
    for (float w : weights) max = Math.max(max, w);
    weights[0] = Math.max(weights[0], TIE_BREAK * max);
  }

  private static ScorerRecipe timed(String name, Map<String, Double> seconds, java.util.function.Supplier<ScorerRecipe> tune) {
    long start = System.nanoTime();
    ScorerRecipe recipe = tune.get();
    seconds.put(name, (System.nanoTime() - start) / 1e9);
    return recipe;
  }
}
