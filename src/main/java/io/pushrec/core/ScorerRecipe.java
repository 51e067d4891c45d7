package io.pushrec.core;

import java.util.List;

/**
 * How to learn one baseline component from training sequences, with its tuned parameters: fitted once on
 * the sequences before validation to tune, then again on the sequences before test to evaluate and serve.
 */
public sealed interface ScorerRecipe {
  /** Component name in reports and model directories. */
  String name();

  SavableScorer fit(List<int[]> sequences, int numItems);

  /** Parameters in words, for logs and the model directory. */
  String describe();

  record Popularity() implements ScorerRecipe {
    @Override
    public String name() {
      return "popularity";
    }

    @Override
    public SavableScorer fit(List<int[]> sequences, int numItems) {
      return PopularityScorer.fit(sequences, numItems);
    }

    @Override
    public String describe() {
      return "popularity: log(1 + interactions)";
    }
  }

  record CoVisitation(CoVisitationBuilder.Params params, float recencyDecay, int maxHistory) implements ScorerRecipe {
    @Override
    public String name() {
      return "covisitation";
    }

    @Override
    public NeighbourhoodScorer fit(List<int[]> sequences, int numItems) {
      return new NeighbourhoodScorer(CoVisitationBuilder.build(sequences, numItems, params), recencyDecay, maxHistory,
          describe());
    }

    @Override
    public String describe() {
      return "covisitation: " + params + ", recencyDecay=" + recencyDecay + ", maxHistory=" + maxHistory;
    }
  }

  record ItemKnn(ItemKnnBuilder.Params params, float recencyDecay, int maxHistory) implements ScorerRecipe {
    @Override
    public String name() {
      return "itemknn";
    }

    @Override
    public NeighbourhoodScorer fit(List<int[]> sequences, int numItems) {
      return new NeighbourhoodScorer(ItemKnnBuilder.build(sequences, numItems, params), recencyDecay, maxHistory,
          describe());
    }

    @Override
    public String describe() {
      return "itemknn: " + params + ", recencyDecay=" + recencyDecay + ", maxHistory=" + maxHistory;
    }
  }
}
