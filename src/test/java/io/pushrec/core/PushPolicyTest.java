package io.pushrec.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import org.junit.jupiter.api.Test;

class PushPolicyTest {
  static List<Recommendation> recs(String... ids) {
    return java.util.Arrays.stream(ids).map(id -> new Recommendation(id, 1.0, "r")).toList();
  }

  @Test
  void firstPushGoesOutWithTheTopItems() {
    PushPolicy policy = new PushPolicy(2, 1, 0);
    PushPolicy.Decision d = policy.decide(List.of(), 0, recs("a", "b", "c"), 1000);
    assertEquals(recs("a", "b"), assertInstanceOf(PushPolicy.Push.class, d).items());
  }

  @Test
  void tooFewNewItemsIsSuppressed() {
    PushPolicy policy = new PushPolicy(3, 2, 0);
    PushPolicy.Decision d = policy.decide(List.of("a", "b", "c"), 0, recs("a", "b", "x"), 1000);
    assertEquals("too_similar", assertInstanceOf(PushPolicy.Suppress.class, d).reason());
    assertInstanceOf(PushPolicy.Push.class, policy.decide(List.of("a", "b", "c"), 0, recs("a", "y", "x"), 1000));
  }

  @Test
  void minimumIntervalHoldsBackAChangedPush() {
    PushPolicy policy = new PushPolicy(2, 1, 60_000);
    assertEquals("too_soon", assertInstanceOf(PushPolicy.Suppress.class,
        policy.decide(List.of("a"), 10_000, recs("x", "y"), 30_000)).reason());
    assertInstanceOf(PushPolicy.Push.class, policy.decide(List.of("a"), 10_000, recs("x", "y"), 70_000));
  }

  @Test
  void nothingToPushIsSuppressed() {
    assertEquals("no_recommendations", assertInstanceOf(PushPolicy.Suppress.class,
        PushPolicy.DEFAULT.decide(List.of(), 0, List.of(), 0)).reason());
  }
}
