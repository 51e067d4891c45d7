package io.pushrec.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushrec.core.CatalogItem;
import io.pushrec.core.CatalogSnapshot;
import io.pushrec.core.CoVisitationModel;
import io.pushrec.core.CoVisitationScorer;
import io.pushrec.core.PopularItemsScorer;
import io.pushrec.core.Preferences;
import io.pushrec.core.PushPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PushReplayTest {
  static final List<List<String>> TRAINING = List.of(
      List.of("a", "b", "c"), List.of("a", "b", "c"), List.of("a", "b", "c"), List.of("x", "y", "z"),
      List.of("p", "q"), List.of("p", "q"), List.of("p", "q"), List.of("p", "q"), List.of("p", "r"));

  static PushReplay replay(PushPolicy policy) {
    List<CatalogItem> items = new ArrayList<>();
    for (String id : List.of("a", "b", "c", "x", "y", "z", "p", "q", "r")) items.add(CatalogItem.discovered(id));
    CatalogSnapshot catalog = CatalogSnapshot.of(items, CoVisitationModel.train(TRAINING, 3, 10));
    return new PushReplay(catalog, List.of(
        new PushReplay.Contender("covis", new CoVisitationScorer(), policy, null),
        new PushReplay.Contender("popular-follower", new PopularItemsScorer(), policy, "covis")),
        new PushReplay.Settings(0, 30 * 60_000L, 2, Preferences.DEFAULT));
  }

  @Test
  void aPushHitsWhenOneOfTheNextEventsIsAPushedItem() {
    Map<String, List<String>> log = new LinkedHashMap<>();
    log.put("u", List.of("a", "b", "c"));
    var results = replay(PushPolicy.permissive(1, 1)).run(log);
    ReplaySummary covis = ReplaySummary.of("covis", results.get("covis"));
    // After "a" co-visitation pushes "b" (hit: next event), after "b" it pushes "c" (hit); after "c" nothing is judged.
    assertEquals(2, covis.judged());
    assertEquals(2, covis.hits());
    ReplaySummary follower = ReplaySummary.of("popular-follower", results.get("popular-follower"));
    assertEquals(covis.pushes(), follower.pushes(), "the follower pushes exactly when the leader does");
    assertTrue(follower.hits() < covis.hits());
  }

  @Test
  void capsBoundEveryWindow() {
    Map<String, List<String>> log = new LinkedHashMap<>();
    log.put("u", List.of("a", "x", "p", "b", "y", "q", "c", "z", "r"));
    PushPolicy capped = new PushPolicy(1, 1, 0, 0, 0, 1, 2, 0, 0, 1);
    ReplaySummary s = ReplaySummary.of("covis", replay(capped).run(log).get("covis"));
    assertEquals(2, s.maxPerDay());
    assertEquals(1, s.maxPerHour());
    assertTrue(s.suppressed().get("cap_day") > 0);
  }

  @Test
  void mostWithinCountsTheBusiestWindow() {
    assertEquals(3, ReplaySummary.mostWithin(List.of(0L, 10L, 20L, 100L, 105L), 50));
    assertEquals(0, ReplaySummary.mostWithin(List.of(), 50));
  }
}
