package io.pushrec.core;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides whether fresh recommendations are worth interrupting the user for: only when enough of the
 * top items are new compared with the last push, and not more often than the minimum interval.
 */
public record PushPolicy(int pushSize, int minNewItems, long minIntervalMillis) {

  public PushPolicy {
    if (pushSize < 1) throw new IllegalArgumentException("pushSize must be at least 1");
    if (minNewItems < 1 || minNewItems > pushSize)
      throw new IllegalArgumentException("minNewItems must be between 1 and pushSize");
    if (minIntervalMillis < 0) throw new IllegalArgumentException("minIntervalMillis must not be negative");
  }

  public static final PushPolicy DEFAULT = new PushPolicy(6, 2, 0);

  public sealed interface Decision permits Push, Suppress {}

  public record Push(List<Recommendation> items) implements Decision {}

  public record Suppress(String reason) implements Decision {}

  /**
   * @param lastPushed items of the previous push, empty if none
   * @param lastPushAtMillis event time of the previous push, 0 if none
   */
  public Decision decide(List<String> lastPushed, long lastPushAtMillis, List<Recommendation> ranked, long nowMillis) {
    if (ranked.isEmpty()) return new Suppress("no_recommendations");
    List<Recommendation> candidate = ranked.subList(0, Math.min(pushSize, ranked.size()));
    Set<String> previous = new HashSet<>(lastPushed);
    long newItems = candidate.stream().filter(r -> !previous.contains(r.itemId())).count();
    int needed = Math.min(minNewItems, candidate.size());
    if (newItems < needed) return new Suppress("too_similar");
    if (!lastPushed.isEmpty() && nowMillis - lastPushAtMillis < minIntervalMillis) return new Suppress("too_soon");
    return new Push(List.copyOf(candidate));
  }
}
