package io.pushrec.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InterestStateTest {
  static final long T0 = 1_780_000_000_000L;
  static final long HALF_LIFE = (long) InterestState.HALF_LIFE_MILLIS;

  static BehaviourEvent event(String id, EventType type, String item, long ts) {
    return new BehaviourEvent(id, type, item, null, ts, Map.of());
  }

  @Test
  void interestDecaysByHalfPerHalfLifeOfEventTime() {
    InterestState s = InterestState.EMPTY
        .apply(event("e1", EventType.PURCHASE, "a", T0), "tools")
        .apply(event("e2", EventType.VIEW, "b", T0 + HALF_LIFE), "garden");
    assertEquals(EventType.PURCHASE.interestWeight / 2, s.getCategoryInterest().get("tools"), 1e-9);
    assertEquals(EventType.VIEW.interestWeight, s.getCategoryInterest().get("garden"), 1e-9);
    assertEquals(EventType.PURCHASE.interestWeight / 4, s.categoryInterestAt(T0 + 2 * HALF_LIFE).get("tools"), 1e-9);
  }

  @Test
  void strongestCategoryComesFirst() {
    InterestState s = InterestState.EMPTY
        .apply(event("e1", EventType.VIEW, "a", T0), "garden")
        .apply(event("e2", EventType.CART, "b", T0), "tools");
    assertEquals(List.of("tools", "garden"), List.copyOf(s.categoryInterestAt(T0).keySet()));
  }

  @Test
  void lateEventsDoNotRewindTheClock() {
    InterestState s = InterestState.EMPTY
        .apply(event("e1", EventType.VIEW, "a", T0 + HALF_LIFE), "c")
        .apply(event("e2", EventType.VIEW, "b", T0), "c");
    assertEquals(T0 + HALF_LIFE, s.getAsOfMillis());
    assertEquals(2 * EventType.VIEW.interestWeight, s.getCategoryInterest().get("c"), 1e-9);
  }

  @Test
  void dismissLowersInterestAndStaysOutOfTheSequence() {
    InterestState s = InterestState.EMPTY
        .apply(event("e1", EventType.VIEW, "a", T0), "c")
        .apply(event("e2", EventType.DISMISS, "b", T0), "c");
    assertEquals(List.of("a"), s.getRecent().stream().map(Interaction::itemId).toList());
    assertTrue(s.getItemInterest().get("b") < 0);
    assertEquals(EventType.VIEW.interestWeight + EventType.DISMISS.interestWeight, s.getCategoryInterest().get("c"), 1e-9);
  }

  @Test
  void sequenceAndRememberedIdsAreBounded() {
    InterestState s = InterestState.EMPTY;
    int n = InterestState.REMEMBERED_EVENT_IDS + 10;
    for (int i = 0; i < n; i++) s = s.apply(event("e" + i, EventType.VIEW, "item" + i, T0 + i), "c");
    assertEquals(InterestState.MAX_RECENT, s.getRecent().size());
    assertEquals("item" + (n - 1), s.getRecent().get(InterestState.MAX_RECENT - 1).itemId());
    assertEquals(InterestState.MAX_ITEM_WEIGHTS, s.getItemInterest().size());
    assertTrue(s.hasSeen("e" + (n - 1)));
    assertFalse(s.hasSeen("e0"));
    assertEquals(n, s.getEventCount());
  }

  @Test
  void searchesCountButAddNoItem() {
    InterestState s = InterestState.EMPTY.apply(
        new BehaviourEvent("s1", EventType.SEARCH, null, "glue", T0, Map.of()), null);
    assertEquals(1, s.getEventCount());
    assertTrue(s.getRecent().isEmpty());
    assertTrue(s.hasSeen("s1"));
  }

  @Test
  void replayingTheSameEventsGivesTheSameState() {
    List<BehaviourEvent> events = List.of(
        event("e1", EventType.VIEW, "a", T0), event("e2", EventType.CART, "b", T0 + 1000),
        event("e3", EventType.DISMISS, "c", T0 + 5000));
    InterestState first = InterestState.EMPTY;
    InterestState second = InterestState.EMPTY;
    for (BehaviourEvent e : events) {
      first = first.apply(e, "cat");
      second = second.apply(e, "cat");
    }
    assertEquals(first, second);
  }
}
