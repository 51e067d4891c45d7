package io.pushrec.core;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Churn risk from inactivity measured against the user's own rhythm: a daily shopper silent for three days
 * is at risk, a monthly one is not. The rhythm is the median gap between the user's recent engagements.
 *
 * @param atRiskGaps the user is at risk once silent for this many median gaps
 * @param minEvents fewer engagements than this say nothing about a rhythm: no risk, no timer
 * @param minDelayMillis the re-engagement push waits at least this long after the last activity
 * @param maxDelayMillis and at most this long, however slow the user's rhythm
 */
public record ChurnRule(double atRiskGaps, int minEvents, long minDelayMillis, long maxDelayMillis) {

  public ChurnRule {
    if (atRiskGaps <= 0 || minEvents < 2 || minDelayMillis < 0 || maxDelayMillis < minDelayMillis)
      throw new IllegalArgumentException("churn rule: positive gaps, at least 2 events, 0 <= min delay <= max delay");
  }

  public record Risk(double score, boolean atRisk, long medianGapMillis, long lastActiveMillis) {}

  /** The median gap between distinct engagement times, if the user has enough of them. */
  public OptionalLong medianGap(InterestState user) {
    List<Interaction> recent = user.getRecent();
    if (recent.size() < minEvents) return OptionalLong.empty();
    List<Long> gaps = new ArrayList<>();
    for (int i = 1; i < recent.size(); i++) {
      long gap = recent.get(i).timestampMillis() - recent.get(i - 1).timestampMillis();
      if (gap > 0) gaps.add(gap);
    }
    if (gaps.isEmpty()) return OptionalLong.empty();
    gaps.sort(null);
    return OptionalLong.of(gaps.get(gaps.size() / 2));
  }

  /** When a re-engagement push is due: the last activity plus the at-risk gap, within the delay bounds. */
  public OptionalLong deadline(InterestState user) {
    OptionalLong gap = medianGap(user);
    if (gap.isEmpty()) return OptionalLong.empty();
    long delay = Math.max(minDelayMillis, Math.min(maxDelayMillis, (long) (atRiskGaps * gap.getAsLong())));
    return OptionalLong.of(user.getAsOfMillis() + delay);
  }

  /**
   * A score in [0, 1): 0.5 exactly at the at-risk point, rising with the square of the silence so that a
   * few quiet gaps barely register.
   */
  public Risk risk(InterestState user, long nowMillis) {
    long last = user.getAsOfMillis();
    OptionalLong gap = medianGap(user);
    OptionalLong due = deadline(user);
    if (gap.isEmpty() || due.isEmpty()) return new Risk(0, false, 0, last);
    double threshold = due.getAsLong() - last;
    double silence = Math.max(0, nowMillis - last);
    double ratio = silence / Math.max(1, threshold);
    double score = ratio * ratio / (ratio * ratio + 1);
    return new Risk(score, nowMillis >= due.getAsLong(), gap.getAsLong(), last);
  }
}
