package io.pushrec.replay;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One strategy's replay figures, summed over users. */
public record ReplaySummary(String strategy, int users, long pushes, long judged, long hits, long userDays,
    int maxPerHour, int maxPerDay, Map<String, Long> suppressed) {

  public double hitRate() {
    return judged == 0 ? 0 : (double) hits / judged;
  }

  public double pushesPerUserDay() {
    return userDays == 0 ? 0 : (double) pushes / userDays;
  }

  public static ReplaySummary of(String strategy, Map<String, PushReplay.UserResult> byUser) {
    long pushes = 0, judged = 0, hits = 0, userDays = 0;
    int maxHour = 0, maxDay = 0;
    Map<String, Long> suppressed = new TreeMap<>();
    for (PushReplay.UserResult r : byUser.values()) {
      pushes += r.pushes;
      judged += r.judged;
      hits += r.hits;
      userDays += r.activeDays.size();
      maxHour = Math.max(maxHour, mostWithin(r.pushTimes, 3_600_000L));
      maxDay = Math.max(maxDay, mostWithin(r.pushTimes, 86_400_000L));
      r.suppressed.forEach((reason, n) -> suppressed.merge(reason, (long) n, Long::sum));
    }
    return new ReplaySummary(strategy, byUser.size(), pushes, judged, hits, userDays, maxHour, maxDay, suppressed);
  }

  /** The most pushes in any window of this length: the figure a cap must bound. */
  static int mostWithin(List<Long> sortedTimes, long windowMillis) {
    int best = 0;
    int from = 0;
    for (int to = 0; to < sortedTimes.size(); to++) {
      while (sortedTimes.get(to) - sortedTimes.get(from) >= windowMillis) from++;
      best = Math.max(best, to - from + 1);
    }
    return best;
  }
}
