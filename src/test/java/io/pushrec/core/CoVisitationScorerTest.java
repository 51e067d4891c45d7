package io.pushrec.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CoVisitationScorerTest {
  static final long T0 = 1_780_000_000_000L;
  final CoVisitationScorer scorer = new CoVisitationScorer();

  static CatalogItem item(String id, String category, boolean available) {
    return new CatalogItem(id, "Title " + id, "", category, "", null, List.of(), available);
  }

  /** a is bought with b far more than with anything else; p is the bestseller with no link to a. */
  static CatalogSnapshot catalog(boolean bAvailable) {
    List<List<String>> logs = new ArrayList<>();
    for (int i = 0; i < 5; i++) logs.add(List.of("a", "b"));
    logs.add(List.of("a", "c"));
    for (int i = 0; i < 20; i++) logs.add(List.of("p", "q" + i));
    CoVisitationModel model = CoVisitationModel.train(logs, 3, 50);
    List<CatalogItem> items = new ArrayList<>(List.of(item("a", "glue", true), item("b", "glue", bAvailable),
        item("c", "tape", true), item("p", "paint", true)));
    for (int i = 0; i < 20; i++) items.add(item("q" + i, "paint", true));
    return CatalogSnapshot.of(items, model);
  }

  static InterestState after(BehaviourEvent... events) {
    InterestState s = InterestState.EMPTY;
    for (BehaviourEvent e : events) s = s.apply(e, e.itemId() == null ? null : catalog(true).categoryOf(e.itemId()));
    return s;
  }

  static BehaviourEvent view(String id, String item) {
    return new BehaviourEvent(id, EventType.VIEW, item, null, T0, Map.of());
  }

  @Test
  void theStrongestCoVisitedItemComesFirstWithItsReason() {
    List<Recommendation> recs = scorer.recommend(after(view("e1", "a")), catalog(true), 5, T0);
    assertEquals("b", recs.get(0).itemId());
    assertEquals("because you viewed Title a", recs.get(0).reason());
    assertEquals("c", recs.get(1).itemId());
  }

  @Test
  void itemsTheUserAlreadyTouchedOrDismissedAreNotRecommended() {
    InterestState s = after(view("e1", "a"),
        new BehaviourEvent("e2", EventType.DISMISS, "b", null, T0, Map.of()));
    List<String> ids = scorer.recommend(s, catalog(true), 10, T0).stream().map(Recommendation::itemId).toList();
    assertFalse(ids.contains("a"));
    assertFalse(ids.contains("b"));
    assertTrue(ids.contains("c"));
  }

  @Test
  void unavailableItemsAreNotRecommended() {
    List<String> ids = scorer.recommend(after(view("e1", "a")), catalog(false), 10, T0).stream()
        .map(Recommendation::itemId).toList();
    assertFalse(ids.contains("b"));
  }

  @Test
  void aNewUserGetsPopularItems() {
    List<Recommendation> recs = scorer.recommend(InterestState.EMPTY, catalog(true), 3, T0);
    assertEquals("p", recs.get(0).itemId());
    assertEquals("popular with shoppers now", recs.get(0).reason());
  }

  @Test
  void rankingIsSortedAndBoundedByK() {
    List<Recommendation> recs = scorer.recommend(after(view("e1", "a")), catalog(true), 4, T0);
    assertEquals(4, recs.size());
    for (int i = 1; i < recs.size(); i++) assertTrue(recs.get(i - 1).score() >= recs.get(i).score());
  }

  @Test
  void coVisitationNormalisesByPopularity() {
    Neighbours n = catalog(true).model().neighboursOf("a");
    assertEquals("b", n.itemIds()[0]);
    assertEquals(5 / Math.sqrt(6 * 5), n.weights()[0], 1e-6);
  }
}
