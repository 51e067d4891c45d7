package io.pushrec.user;

import io.pushrec.catalog.LiveCatalog;
import io.pushrec.core.ChurnRule;
import io.pushrec.core.Experiment;
import io.pushrec.core.PushFeedback;
import io.pushrec.core.PushPolicy;
import io.pushrec.core.Scorer;
import io.pushrec.metrics.Metrics;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * What a user entity needs from its node; the same objects are shared by all users on the node.
 *
 * @param rankingPool where users are ranked after their events are persisted, off the path that acknowledges
 *     them; a bounded pool that drops or refuses work when full ({@link FreshestRankings}), so an overloaded node
 *     skips rankings (the user's next event ranks again) instead of delaying acknowledgements or queueing without
 *     bound
 * @param journalPluginId where users are persisted; "" for the default journal plugin
 */
public record UserDependencies(LiveCatalog catalog, Scorer scorer, PushPolicy policy, Metrics metrics,
    Consumer<String> unknownItemObserver, Experiment experiment, ChurnRule churn, PushFeedback.Reporter outcomes,
    CatalogFeedback catalogFeedback, Executor rankingPool, String journalPluginId) {

  public static final ChurnRule DEFAULT_CHURN = new ChurnRule(3, 5, 3_600_000L, 14 * 86_400_000L);

  /** Persisted by the default journal plugin. */
  public UserDependencies(LiveCatalog catalog, Scorer scorer, PushPolicy policy, Metrics metrics,
      Consumer<String> unknownItemObserver, Experiment experiment, ChurnRule churn, PushFeedback.Reporter outcomes,
      CatalogFeedback catalogFeedback, Executor rankingPool) {
    this(catalog, scorer, policy, metrics, unknownItemObserver, experiment, churn, outcomes, catalogFeedback,
        rankingPool, "");
  }

  /** Ranks on the entity's own thread, right after the events are persisted. */
  public UserDependencies(LiveCatalog catalog, Scorer scorer, PushPolicy policy, Metrics metrics,
      Consumer<String> unknownItemObserver, Experiment experiment, ChurnRule churn, PushFeedback.Reporter outcomes,
      CatalogFeedback catalogFeedback) {
    this(catalog, scorer, policy, metrics, unknownItemObserver, experiment, churn, outcomes, catalogFeedback,
        Runnable::run);
  }

  /** No catalogue feedback. */
  public UserDependencies(LiveCatalog catalog, Scorer scorer, PushPolicy policy, Metrics metrics,
      Consumer<String> unknownItemObserver, Experiment experiment, ChurnRule churn, PushFeedback.Reporter outcomes) {
    this(catalog, scorer, policy, metrics, unknownItemObserver, experiment, churn, outcomes, CatalogFeedback.NONE);
  }

  /** No experiment, the default churn rule, outcomes counted in metrics only. */
  public UserDependencies(LiveCatalog catalog, Scorer scorer, PushPolicy policy, Metrics metrics,
      Consumer<String> unknownItemObserver) {
    this(catalog, scorer, policy, metrics, unknownItemObserver, Experiment.single(policy), DEFAULT_CHURN,
        PushFeedback.Reporter.NONE);
  }
}
