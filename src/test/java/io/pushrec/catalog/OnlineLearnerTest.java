package io.pushrec.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushrec.core.CatalogSnapshot;
import io.pushrec.core.OnlineItemLearner;
import io.pushrec.core.VectorTable;
import io.pushrec.metrics.Metrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.apache.pekko.actor.testkit.typed.javadsl.BehaviorTestKit;
import org.junit.jupiter.api.Test;

class OnlineLearnerTest {
  record Published(String itemId, float[] vector, String source) {}

  static LiveCatalog catalogue() {
    Random random = new Random(2);
    List<VectorTable.Row> rows = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      rows.add(new VectorTable.Row("i" + i, new float[] {(float) random.nextGaussian(), (float) random.nextGaussian()}, 1));
    }
    return new LiveCatalog(CatalogSnapshot.empty().withVectors(VectorTable.empty(0), VectorTable.empty(2).with(rows)));
  }

  @Test
  void changedVectorsArePublishedAtMostSoManyPerFlushUntilNoneIsLeft() {
    List<Published> published = new ArrayList<>();
    OnlineLearner.Settings settings = new OnlineLearner.Settings(
        new OnlineItemLearner.Settings(0.05, 4, 1_000, 1), Duration.ofHours(1), 10);
    BehaviorTestKit<OnlineLearner.Command> kit = BehaviorTestKit.create(OnlineLearner.create(settings, catalogue(),
        (item, vector, source) -> published.add(new Published(item, vector, source)), new Metrics()));
    for (int n = 0; n < 20; n++) kit.run(new OnlineLearner.Observed(List.of("i" + n, "i" + (n + 1)), "i" + (n + 50)));
    assertEquals(List.of(), published, "nothing is written between flushes");

    kit.run(OnlineLearner.Flush.INSTANCE);
    assertEquals(10, published.size());
    assertTrue(published.stream().allMatch(p -> p.source().equals("online-20")), published.get(0).source());
    int flushes = 1;
    while (true) {
      int before = published.size();
      kit.run(OnlineLearner.Flush.INSTANCE);
      flushes++;
      assertTrue(published.size() - before <= 10);
      if (published.size() == before) break;
    }
    HashSet<String> items = new HashSet<>();
    published.forEach(p -> items.add(p.itemId()));
    assertEquals(published.size(), items.size(), "each changed item is written once, with its latest vector");
    assertTrue(items.containsAll(List.of("i0", "i1", "i50", "i20", "i69")));
    assertTrue(flushes > 3, "more than one flush's worth was waiting");
  }

  @Test
  void withoutCollaborativeVectorsNothingIsLearnedOrPublished() {
    List<Published> published = new ArrayList<>();
    OnlineLearner.Settings settings = new OnlineLearner.Settings(
        new OnlineItemLearner.Settings(0.05, 4, 1_000, 1), Duration.ofHours(1), 10);
    BehaviorTestKit<OnlineLearner.Command> kit = BehaviorTestKit.create(OnlineLearner.create(settings,
        new LiveCatalog(CatalogSnapshot.empty()), (item, vector, source) -> published.add(new Published(item, vector, source)),
        new Metrics()));
    kit.run(new OnlineLearner.Observed(List.of("a"), "b"));
    kit.run(OnlineLearner.Flush.INSTANCE);
    assertEquals(List.of(), published);
  }
}
