package io.pushrec.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.ZonedDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class PushPolicyTest {
  static final long HOUR = 3_600_000L;
  static final long NOON_UTC = ZonedDateTime.of(2026, 3, 2, 12, 0, 0, 0, ZoneId.of("UTC")).toInstant().toEpochMilli();
  static final Function<String, String> NO_CATEGORY = id -> "";

  static List<Recommendation> recs(String... ids) {
    return Arrays.stream(ids).map(id -> new Recommendation(id, 1.0, "r")).toList();
  }

  static List<String> ids(PushPolicy.Decision d) {
    return assertInstanceOf(PushPolicy.Push.class, d).items().stream().map(Recommendation::itemId).toList();
  }

  static String reason(PushPolicy.Decision d) {
    return assertInstanceOf(PushPolicy.Suppress.class, d).reason();
  }

  static PushHistory pushedAt(long... times) {
    PushHistory h = PushHistory.EMPTY;
    for (int i = 0; i < times.length; i++) h = h.with(PushRecord.sent("p" + i, List.of("old" + i), times[i], "v", "update"));
    return h;
  }

  static PushPolicy.Decision decide(PushPolicy policy, PushHistory history, List<Recommendation> ranked, long now) {
    return policy.decide(history, Preferences.DEFAULT, ranked, NO_CATEGORY, now, false);
  }

  @Test
  void firstPushGoesOutWithTheTopItems() {
    assertEquals(List.of("a", "b"), ids(decide(PushPolicy.permissive(2, 1), PushHistory.EMPTY, recs("a", "b", "c"), 1000)));
  }

  @Test
  void tooFewNewItemsIsSuppressed() {
    PushPolicy policy = PushPolicy.permissive(3, 2);
    PushHistory history = PushHistory.EMPTY.with(PushRecord.sent("p1", List.of("a", "b", "c"), 0, "v", "update"));
    assertEquals("too_similar", reason(decide(policy, history, recs("a", "b", "x"), 1000)));
    assertEquals(List.of("a", "y", "x"), ids(decide(policy, history, recs("a", "y", "x"), 1000)));
  }

  @Test
  void newItemsWorthTooLittleAreSuppressed() {
    PushPolicy policy = PushPolicy.permissive(2, 1).withMinScoreGain(0.5);
    List<Recommendation> weak = List.of(new Recommendation("a", 0.2, "r"), new Recommendation("b", 0.2, "r"));
    assertEquals("low_score_gain", reason(decide(policy, PushHistory.EMPTY, weak, 1000)));
    List<Recommendation> strong = List.of(new Recommendation("a", 0.4, "r"), new Recommendation("b", 0.2, "r"));
    assertEquals(List.of("a", "b"), ids(decide(policy, PushHistory.EMPTY, strong, 1000)));
  }

  @Test
  void minimumIntervalHoldsBackAChangedPush() {
    PushPolicy policy = new PushPolicy(2, 1, 0, 60_000, 0, 10, 10, 0, 0, 2);
    assertEquals("too_soon", reason(decide(policy, pushedAt(10_000), recs("x", "y"), 30_000)));
    assertEquals(List.of("x", "y"), ids(decide(policy, pushedAt(10_000), recs("x", "y"), 70_000)));
  }

  @Test
  void hourlyCapCountsOnlyTheLastHour() {
    PushPolicy policy = new PushPolicy(2, 1, 0, 0, 0, 2, 10, 0, 0, 2);
    long now = 10 * HOUR;
    assertEquals("cap_hour", reason(decide(policy, pushedAt(now - 50 * 60_000, now - 10 * 60_000), recs("x"), now)));
    assertEquals(List.of("x"), ids(decide(policy, pushedAt(now - HOUR, now - 10 * 60_000), recs("x"), now)));
  }

  @Test
  void dailyCapCountsTheLast24Hours() {
    PushPolicy policy = new PushPolicy(2, 1, 0, 0, 0, 2, 3, 0, 0, 2);
    long now = 30 * HOUR;
    assertEquals("cap_day", reason(decide(policy, pushedAt(now - 20 * HOUR, now - 10 * HOUR, now - 2 * HOUR), recs("x"), now)));
    assertEquals(List.of("x"), ids(decide(policy, pushedAt(now - 24 * HOUR, now - 10 * HOUR, now - 2 * HOUR), recs("x"), now)));
  }

  @Test
  void quietHoursFollowTheUsersTimeZoneAndWrapMidnight() {
    PushPolicy policy = new PushPolicy(2, 1, 0, 0, 0, 10, 10, 22, 8, 2);
    // 12:00 UTC is 20:00 in Shanghai (awake) and 01:00 in Auckland's summer (asleep).
    Preferences shanghai = new Preferences(false, null, "Asia/Shanghai");
    Preferences auckland = new Preferences(false, null, "Pacific/Auckland");
    assertEquals(List.of("x"), ids(policy.decide(PushHistory.EMPTY, shanghai, recs("x"), NO_CATEGORY, NOON_UTC, false)));
    assertEquals("quiet_hours",
        reason(policy.decide(PushHistory.EMPTY, auckland, recs("x"), NO_CATEGORY, NOON_UTC, false)));
    assertEquals("quiet_hours", reason(policy.decide(PushHistory.EMPTY, shanghai, recs("x"), NO_CATEGORY,
        NOON_UTC + 11 * HOUR, false)), "07:00 in Shanghai is still night");
    assertEquals(List.of("x"), ids(policy.decide(PushHistory.EMPTY, Preferences.DEFAULT, recs("x"), NO_CATEGORY,
        NOON_UTC + 11 * HOUR, false)), "no known zone, no guessed night");
  }

  @Test
  void anItemIsNotPushedAgainWithinTheRepeatWindow() {
    PushPolicy policy = new PushPolicy(2, 1, 0, 0, 24 * HOUR, 10, 10, 0, 0, 2);
    PushHistory history = PushHistory.EMPTY
        .with(PushRecord.sent("p1", List.of("a"), 0, "v", "update"))
        .with(PushRecord.sent("p2", List.of("b"), 1000, "v", "update"));
    assertEquals(List.of("c", "d"), ids(decide(policy, history, recs("a", "c", "b", "d"), 2 * HOUR)));
    assertEquals(List.of("a", "c"), ids(decide(policy, history, recs("a", "c", "b", "d"), 24 * HOUR + 500)),
        "a left the window; b is the last push's item");
  }

  @Test
  void optedOutUsersGetNothing() {
    Preferences out = new Preferences(true, null, null);
    assertEquals("opted_out",
        reason(PushPolicy.permissive(2, 1).decide(PushHistory.EMPTY, out, recs("x"), NO_CATEGORY, 0, false)));
  }

  @Test
  void noMoreThanMaxPerCategoryItemsOfOneCategory() {
    PushPolicy policy = new PushPolicy(4, 1, 0, 0, 0, 10, 10, 0, 0, 2);
    Map<String, String> category = Map.of("a", "glue", "b", "glue", "c", "glue", "d", "paint", "e", "");
    List<String> pushed = ids(policy.decide(PushHistory.EMPTY, Preferences.DEFAULT, recs("a", "b", "c", "d", "e"),
        category::get, 0, false));
    assertEquals(List.of("a", "b", "d", "e"), pushed);
  }

  @Test
  void reEngagementNeedsNoChangeButKeepsTheCaps() {
    PushPolicy policy = new PushPolicy(2, 2, 0, 0, 0, 1, 10, 0, 0, 2);
    PushHistory history = PushHistory.EMPTY.with(PushRecord.sent("p1", List.of("a", "b"), 0, "v", "update"));
    assertEquals(List.of("a", "b"),
        ids(policy.decide(history, Preferences.DEFAULT, recs("a", "b"), NO_CATEGORY, 2 * HOUR, true)));
    assertEquals("cap_hour",
        reason(policy.decide(history, Preferences.DEFAULT, recs("a", "b"), NO_CATEGORY, HOUR / 2, true)));
  }

  @Test
  void nothingToPushIsSuppressed() {
    assertEquals("no_recommendations", reason(decide(PushPolicy.permissive(2, 1), PushHistory.EMPTY, List.of(), 0)));
  }

  @Test
  void whatBlocksEveryRankingIsKnownBeforeRankingAndIsTheReasonDecideGives() {
    PushPolicy policy = new PushPolicy(2, 1, 0, 60_000, 0, 2, 10, 22, 8, 2);
    long now = NOON_UTC;
    Preferences inBerlin = Preferences.DEFAULT.withTimeZone("Europe/Berlin");
    Preferences optedOut = new Preferences(true, null, "Europe/Berlin");
    Preferences inAuckland = Preferences.DEFAULT.withTimeZone("Pacific/Auckland");
    assertEquals(null, policy.blockedWhateverTheRanking(pushedAt(now - HOUR), inBerlin, now));
    record Case(PushHistory history, Preferences preferences, String reason) {}
    for (Case c : List.of(new Case(PushHistory.EMPTY, optedOut, "opted_out"),
        new Case(PushHistory.EMPTY, inAuckland, "quiet_hours"),
        new Case(pushedAt(now - 50 * 60_000, now - 10 * 60_000), inBerlin, "cap_hour"),
        new Case(pushedAt(now - 30_000), inBerlin, "too_soon"))) {
      assertEquals(c.reason(), policy.blockedWhateverTheRanking(c.history(), c.preferences(), now));
      assertEquals(c.reason(), reason(policy.decide(c.history(), c.preferences(), recs("x", "y"), NO_CATEGORY, now, false)));
      assertEquals(c.reason(), reason(policy.decide(c.history(), c.preferences(), recs("x", "y"), NO_CATEGORY, now, true)));
    }
  }
}
