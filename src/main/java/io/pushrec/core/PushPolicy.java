package io.pushrec.core;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides whether fresh recommendations are worth interrupting the user for. The same code runs in the
 * user entity and in the replay simulator, so what the replay measures is what the live path does.
 *
 * <p>A push goes out only when the user has not opted out, it is not night where the user is, the hourly
 * and daily caps and the minimum interval allow it, and the current top items hold at least
 * {@code minNewItems} the user was not pushed recently, worth at least {@code minScoreGain} together. The
 * push then carries the best items not pushed within the repeat window, at most {@code maxPerCategory}
 * of one category.
 *
 * @param quietStartHour first local hour of the night; equal to {@code quietEndHour} for no quiet hours
 * @param quietEndHour first local hour after the night
 */
public record PushPolicy(int pushSize, int minNewItems, double minScoreGain, long minIntervalMillis,
    long repeatWindowMillis, int maxPerHour, int maxPerDay, int quietStartHour, int quietEndHour,
    int maxPerCategory) {

  static final long HOUR = 3_600_000L;
  static final long DAY = 24 * HOUR;

  public PushPolicy {
    if (pushSize < 1) throw new IllegalArgumentException("pushSize must be at least 1");
    if (minNewItems < 1 || minNewItems > pushSize)
      throw new IllegalArgumentException("minNewItems must be between 1 and pushSize");
    if (minIntervalMillis < 0 || repeatWindowMillis < 0) throw new IllegalArgumentException("durations must not be negative");
    if (maxPerHour < 1 || maxPerDay < maxPerHour) throw new IllegalArgumentException("caps: 1 <= maxPerHour <= maxPerDay");
    if (maxPerDay > PushHistory.MAX_PUSHES) throw new IllegalArgumentException("maxPerDay above the kept history");
    if (quietStartHour < 0 || quietStartHour > 23 || quietEndHour < 0 || quietEndHour > 23)
      throw new IllegalArgumentException("quiet hours are hours of the day, 0 to 23");
    if (maxPerCategory < 1) throw new IllegalArgumentException("maxPerCategory must be at least 1");
  }

  /** Pushes on every change, with no caps that a test or a replay would notice. */
  public static PushPolicy permissive(int pushSize, int minNewItems) {
    return new PushPolicy(pushSize, minNewItems, 0, 0, 0, PushHistory.MAX_PUSHES, PushHistory.MAX_PUSHES, 0, 0, pushSize);
  }

  public PushPolicy withMinNewItems(int n) {
    return new PushPolicy(pushSize, n, minScoreGain, minIntervalMillis, repeatWindowMillis, maxPerHour, maxPerDay,
        quietStartHour, quietEndHour, maxPerCategory);
  }

  public PushPolicy withMinScoreGain(double gain) {
    return new PushPolicy(pushSize, minNewItems, gain, minIntervalMillis, repeatWindowMillis, maxPerHour, maxPerDay,
        quietStartHour, quietEndHour, maxPerCategory);
  }

  public sealed interface Decision permits Push, Suppress {}

  public record Push(List<Recommendation> items) implements Decision {}

  public record Suppress(String reason) implements Decision {}

  /**
   * @param ranked the scorer's ranking, best first, longer than {@code pushSize} so that diversity and the
   *     repeat window can skip items
   * @param categoryOf an item's category, "" when unknown (unknown categories are not limited)
   * @param reEngagement true for the churn timer's push: the user has been away, so it needs no change in
   *     the top items, but every other rule holds
   */
  public Decision decide(PushHistory history, Preferences preferences, List<Recommendation> ranked,
      Function<String, String> categoryOf, long nowMillis, boolean reEngagement) {
    if (ranked.isEmpty()) return new Suppress("no_recommendations");
    String blocked = blockedWhateverTheRanking(history, preferences, nowMillis);
    if (blocked != null) return new Suppress(blocked);
    Optional<PushRecord> last = history.last();

    Set<String> recentlyPushed = history.itemsPushedSince(nowMillis - repeatWindowMillis);
    last.ifPresent(p -> recentlyPushed.addAll(p.items()));
    if (!reEngagement) {
      List<Recommendation> top = diverse(ranked, Set.of(), categoryOf);
      List<Recommendation> fresh = top.stream().filter(r -> !recentlyPushed.contains(r.itemId())).toList();
      if (fresh.size() < Math.min(minNewItems, top.size())) return new Suppress("too_similar");
      if (fresh.stream().mapToDouble(Recommendation::score).sum() < minScoreGain) return new Suppress("low_score_gain");
    }
    Set<String> excluded = repeatWindowMillis > 0 ? history.itemsPushedSince(nowMillis - repeatWindowMillis) : Set.of();
    List<Recommendation> items = diverse(ranked, excluded, categoryOf);
    if (items.isEmpty()) return new Suppress("too_similar");
    return new Push(items);
  }

  /**
   * Why no push can go out now, whatever the ranking (opt-out, night, a cap, the minimum interval), or null. The
   * user entity asks this before ranking, the costly part of an event, and {@link #decide} gives the same reason.
   */
  public String blockedWhateverTheRanking(PushHistory history, Preferences preferences, long nowMillis) {
    if (preferences.pushOptOut()) return "opted_out";
    if (isQuietHour(preferences.zone(), nowMillis)) return "quiet_hours";
    if (history.countSince(nowMillis - HOUR + 1) >= maxPerHour) return "cap_hour";
    if (history.countSince(nowMillis - DAY + 1) >= maxPerDay) return "cap_day";
    Optional<PushRecord> last = history.last();
    if (last.isPresent() && nowMillis - last.get().atMillis() < minIntervalMillis) return "too_soon";
    return null;
  }

  /**
   * How many ranked items {@link #decide} needs to fill a push: a few times the push size, plus every item
   * the repeat window will skip.
   */
  public int rankingDepth(PushHistory history, long nowMillis) {
    return Strategy.RANKED * pushSize + (repeatWindowMillis > 0 ? history.itemsPushedSince(nowMillis - repeatWindowMillis).size() : 0);
  }

  boolean isQuietHour(Optional<ZoneId> zone, long nowMillis) {
    if (quietStartHour == quietEndHour || zone.isEmpty()) return false;
    int hour = Instant.ofEpochMilli(nowMillis).atZone(zone.get()).getHour();
    return quietStartHour < quietEndHour
        ? hour >= quietStartHour && hour < quietEndHour
        : hour >= quietStartHour || hour < quietEndHour;
  }

  /** The best {@code pushSize} items outside {@code excluded}, at most {@code maxPerCategory} of one category. */
  private List<Recommendation> diverse(List<Recommendation> ranked, Set<String> excluded,
      Function<String, String> categoryOf) {
    List<Recommendation> out = new ArrayList<>(pushSize);
    Map<String, Integer> perCategory = new HashMap<>();
    Set<String> taken = new HashSet<>();
    for (Recommendation r : ranked) {
      if (out.size() == pushSize) break;
      if (excluded.contains(r.itemId()) || !taken.add(r.itemId())) continue;
      String category = categoryOf.apply(r.itemId());
      if (category != null && !category.isEmpty() && perCategory.merge(category, 1, Integer::sum) > maxPerCategory) continue;
      out.add(r);
    }
    return out;
  }
}
