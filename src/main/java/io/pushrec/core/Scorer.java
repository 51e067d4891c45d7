package io.pushrec.core;

import java.util.List;

/**
 * Turns one user's interest state into ranked recommendations. Implementations are plain Java so the live
 * user entity and the offline evaluator run the very same code.
 */
public interface Scorer {
  List<Recommendation> recommend(InterestState user, CatalogSnapshot catalog, int k, long nowMillis);
}
