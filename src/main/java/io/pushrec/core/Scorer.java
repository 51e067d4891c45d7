package io.pushrec.core;

import java.util.List;

/**
 * Turns one user's interest state into ranked recommendations. Implementations are plain Java so the live
 * user entity and the offline evaluator run the very same code.
 */
public interface Scorer {
  List<Recommendation> recommend(InterestState user, CatalogSnapshot catalog, int k, long nowMillis);

  /**
   * Whether this scorer has learned anything about the item. Items it has not (new in the catalogue) can only be
   * ranked from their content, by {@link ItemVectorScorer}.
   */
  default boolean knows(String itemId, CatalogSnapshot catalog) {
    return true;
  }

  /**
   * An object that is replaced whenever {@link #knows} may answer differently for the same catalogue (a new model
   * version), so what a caller derives from it can be cached per catalogue snapshot and compared by identity.
   */
  default Object knowledge() {
    return this;
  }
}
