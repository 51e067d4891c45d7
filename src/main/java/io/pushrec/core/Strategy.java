package io.pushrec.core;

/** What an A/B variant changes: the scorer and the policy's thresholds (its copy style travels in the variant). */
public record Strategy(Experiment.Variant variant, Scorer scorer, PushPolicy policy) {
  /** The scorer ranks this many times the push size, so that diversity and the repeat window can skip items. */
  public static final int RANKED = 4;
  private static final Scorer POPULARITY = new PopularItemsScorer();

  public static Strategy of(Experiment.Variant variant, Scorer defaultScorer, PushPolicy basePolicy) {
    Scorer scorer = variant.scorer().equals("popularity") ? POPULARITY : defaultScorer;
    return new Strategy(variant, scorer, variant.applyTo(basePolicy));
  }
}
