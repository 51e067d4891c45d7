package io.pushrec.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ItemVectorScorerTest {
  static final long T0 = 1_780_000_000_000L;

  static CatalogItem item(String id, String category, boolean available) {
    return new CatalogItem(id, "Title " + id, "", category, "", null, List.of(), available);
  }

  static CatalogSnapshot catalog(boolean newItemAvailable) {
    List<List<String>> logs = new ArrayList<>();
    for (int i = 0; i < 4; i++) logs.add(List.of("a", "b"));
    logs.add(List.of("x", "y"));
    CatalogSnapshot s = CatalogSnapshot.of(List.of(item("a", "glue", true), item("b", "glue", true),
        item("x", "paint", true), item("y", "paint", true), item("new", "adhesives", newItemAvailable)),
        CoVisitationModel.train(logs, 3, 20));
    VectorTable collaborative = VectorTable.empty(2).with(List.of(
        new VectorTable.Row("a", new float[] {1, 0}, 1), new VectorTable.Row("b", new float[] {0.8f, 0.2f}, 1),
        new VectorTable.Row("x", new float[] {0, 1}, 1), new VectorTable.Row("y", new float[] {0.1f, 0.9f}, 1),
        // Nobody has touched "new": its vector is the projection of its text.
        new VectorTable.Row("new", new float[] {0.9f, 0.05f}, 1)));
    return s.withVectors(VectorTable.empty(0), collaborative);
  }

  static InterestState viewed(String... items) {
    InterestState s = InterestState.EMPTY;
    for (int i = 0; i < items.length; i++) {
      s = s.apply(new BehaviourEvent("e" + i, EventType.VIEW, items[i], null, T0 + i, Map.of()), "glue");
    }
    return s;
  }

  static List<String> ids(List<Recommendation> recs) {
    return recs.stream().map(Recommendation::itemId).toList();
  }

  @Test
  void anItemNobodyHasTouchedIsRecommendedByItsVector() {
    List<Recommendation> recs = new ItemVectorScorer(new CoVisitationScorer()).recommend(viewed("a"), catalog(true), 3, T0);
    assertTrue(ids(recs).contains("new"), ids(recs).toString());
    assertFalse(ids(new CoVisitationScorer().recommend(viewed("a"), catalog(true), 3, T0)).contains("new"),
        "co-visitation alone cannot know it");
    assertEquals("b", recs.get(0).itemId(), "the item both scorers agree on comes first");
  }

  @Test
  void itemsTheBaseScorerKnowsKeepItsOrder() {
    CoVisitationScorer base = new CoVisitationScorer();
    List<String> fromBase = ids(base.recommend(viewed("a"), catalog(true), 10, T0));
    List<String> served = ids(new ItemVectorScorer(base).recommend(viewed("a"), catalog(true), 10, T0));
    List<String> knownServed = served.stream().filter(id -> base.knows(id, catalog(true))).toList();
    assertEquals(fromBase.subList(0, knownServed.size()), knownServed);
  }

  @Test
  void anUnavailableItemIsNeverRecommended() {
    assertFalse(ids(new ItemVectorScorer(new CoVisitationScorer()).recommend(viewed("a"), catalog(false), 4, T0))
        .contains("new"));
  }

  @Test
  void theCategoryFilterKeepsOnlyThatCategory() {
    CatalogSnapshot catalog = catalog(true);
    List<Recommendation> ranked = new ItemVectorScorer(new CoVisitationScorer()).recommend(viewed("a"), catalog, 10, T0);
    List<Recommendation> paint = new ItemFilter("paint", "", "", 0).apply(ranked, catalog, 2);
    assertEquals(List.of("x", "y"), ids(paint).stream().sorted().toList());
  }

  @Test
  void anItemANewModelVersionDoesNotKnowGetsInThroughItsVector() {
    CatalogSnapshot catalog = catalog(true);
    CoVisitationScorer coVisitation = new CoVisitationScorer();
    Scorer knowsEverything = (user, snapshot, k, now) -> coVisitation.recommend(user, snapshot, k, now);
    SwappableScorer model = new SwappableScorer("v1", knowsEverything);
    ItemVectorScorer served = new ItemVectorScorer(model);
    assertFalse(ids(served.recommend(viewed("a"), catalog, 3, T0)).contains("new"), "v1 claims to know every item");

    model.swap("v2", coVisitation);
    assertTrue(ids(served.recommend(viewed("a"), catalog, 3, T0)).contains("new"),
        "the same catalogue snapshot under v2, which does not know the item");
  }
}
