package io.pushrec.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The live scorer serves exactly what the evaluator measured, plus the shop's filters and explanations. */
class ModelScorerTest {
  static final long T0 = 1_780_000_000_000L;
  static FusionModel model;

  @BeforeAll
  static void train() {
    SequenceDataset data = SyntheticLogs.cycles(400, 30, 0.1, 3);
    model = FusionTraining.buildAndTune(new LeaveOneOutSplit(data), Map.of(), 2, line -> { }).model();
  }

  static CatalogSnapshot catalog(String... unavailable) {
    List<CatalogItem> items = new ArrayList<>();
    for (String id : model.items().ids()) {
      boolean available = !List.of(unavailable).contains(id);
      items.add(new CatalogItem(id, "Title " + id, "", "", "", null, List.of(), available));
    }
    return CatalogSnapshot.of(items, CoVisitationModel.EMPTY);
  }

  static InterestState viewed(String... itemIds) {
    InterestState s = InterestState.EMPTY;
    int n = 0;
    for (String id : itemIds) s = s.apply(new BehaviourEvent("e" + n++, EventType.VIEW, id, null, T0 + n, Map.of()), "");
    return s;
  }

  @Test
  void servesTheSameRankingAsTheOfflineModel() {
    InterestState user = viewed("i3", "i4", "i5");
    List<Recommendation> served = new ModelScorer(model).recommend(user, catalog(), 10, T0);
    List<Recommendation> offline = model.recommend(List.of("i3", "i4", "i5"), 10);
    assertEquals(offline.stream().map(Recommendation::itemId).toList(), served.stream().map(Recommendation::itemId).toList());
    for (int i = 0; i < served.size(); i++) assertEquals(offline.get(i).score(), served.get(i).score(), 1e-6);
    assertEquals("i6", served.get(0).itemId(), "the planted next item comes first");
  }

  @Test
  void explainsAPickByTheRecentItemThatLinksToIt() {
    Recommendation top = new ModelScorer(model).recommend(viewed("i3", "i4", "i5"), catalog(), 1, T0).get(0);
    assertEquals("because you viewed Title i5", top.reason());
  }

  @Test
  void neverRecommendsUnavailableOrDismissedItems() {
    InterestState user = viewed("i3", "i4", "i5")
        .apply(new BehaviourEvent("d", EventType.DISMISS, "i7", null, T0 + 10, Map.of()), "");
    List<String> ids = new ModelScorer(model).recommend(user, catalog("i6"), 10, T0).stream()
        .map(Recommendation::itemId).toList();
    assertFalse(ids.contains("i6"));
    assertFalse(ids.contains("i7"));
    assertFalse(ids.contains("i5"));
    assertTrue(ids.size() == 10);
  }

  @Test
  void swappingTheModelChangesTheVersionForTheNextCallOnly() {
    SwappableScorer scorer = new SwappableScorer("v1", new ModelScorer(model));
    assertEquals("v1", scorer.current().name());
    scorer.swap("v2", new CoVisitationScorer());
    assertEquals("v2", scorer.current().name());
    assertTrue(scorer.current().scorer() instanceof CoVisitationScorer);
  }
}
