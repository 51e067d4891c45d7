package io.pushrec.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ChurnRuleTest {
  static final long HOUR = 3_600_000L;
  static final ChurnRule RULE = new ChurnRule(3, 3, HOUR, 10 * 24 * HOUR);

  static InterestState viewsEvery(long gap, int n) {
    InterestState s = InterestState.EMPTY;
    for (int i = 0; i < n; i++) {
      s = s.apply(new BehaviourEvent("e" + i, EventType.VIEW, "i" + i, null, i * gap, Map.of()), "");
    }
    return s;
  }

  @Test
  void riskIsMeasuredAgainstTheUsersOwnRhythm() {
    InterestState daily = viewsEvery(24 * HOUR, 5);
    long last = daily.getAsOfMillis();
    assertEquals(last + 3 * 24 * HOUR, RULE.deadline(daily).getAsLong());
    assertFalse(RULE.risk(daily, last + 2 * 24 * HOUR).atRisk());
    ChurnRule.Risk atThreshold = RULE.risk(daily, last + 3 * 24 * HOUR);
    assertTrue(atThreshold.atRisk());
    assertEquals(0.5, atThreshold.score(), 1e-12);
    assertEquals(0.8, RULE.risk(daily, last + 6 * 24 * HOUR).score(), 1e-12, "r = 2: 4 / (4 + 1)");
  }

  @Test
  void theDelayStaysWithinItsBounds() {
    InterestState hurried = viewsEvery(60_000, 5);
    assertEquals(hurried.getAsOfMillis() + HOUR, RULE.deadline(hurried).getAsLong());
    InterestState rare = viewsEvery(30 * 24 * HOUR, 5);
    assertEquals(rare.getAsOfMillis() + 10 * 24 * HOUR, RULE.deadline(rare).getAsLong());
  }

  @Test
  void tooFewEventsHaveNoRhythmAndNoRisk() {
    InterestState fresh = viewsEvery(HOUR, 2);
    assertTrue(RULE.deadline(fresh).isEmpty());
    assertEquals(0, RULE.risk(fresh, 1000 * HOUR).score());
  }
}
