package io.pushrec.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.pushrec.catalog.LiveCatalog;
import io.pushrec.core.BehaviourEvent;
import io.pushrec.core.CatalogItem;
import io.pushrec.core.CatalogSnapshot;
import io.pushrec.core.CoVisitationModel;
import io.pushrec.core.CoVisitationScorer;
import io.pushrec.core.EventType;
import io.pushrec.core.PushPolicy;
import io.pushrec.metrics.Metrics;
import io.pushrec.push.PushMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UserEntityTest {
  static final long T0 = 1_780_000_000_000L;
  static final ActorTestKit testKit = ActorTestKit.create(EventSourcedBehaviorTestKit.config()
      .withFallback(ConfigFactory.parseString("""
          pekko.actor.provider = local
          pekko.actor.serialization-bindings { "io.pushrec.CborSerializable" = jackson-cbor }
          """)).withFallback(ConfigFactory.defaultReference()));

  final List<String> observedUnknownItems = new CopyOnWriteArrayList<>();
  final Metrics metrics = new Metrics();
  EventSourcedBehaviorTestKit<UserEntity.Command, UserEntity.Event, UserEntity.State> kit;

  static CatalogSnapshot catalog() {
    List<List<String>> logs = new ArrayList<>();
    for (int i = 0; i < 4; i++) logs.add(List.of("a", "b", "c"));
    logs.add(List.of("x", "y", "z"));
    List<CatalogItem> items = new ArrayList<>();
    for (String id : List.of("a", "b", "c", "x", "y", "z")) {
      items.add(new CatalogItem(id, "Title " + id, "", id.compareTo("m") < 0 ? "glue" : "paint", "", null, List.of(), true));
    }
    return CatalogSnapshot.of(items, CoVisitationModel.train(logs, 3, 20));
  }

  @BeforeEach
  void setUp() {
    UserDependencies deps = new UserDependencies(new LiveCatalog(catalog()), new CoVisitationScorer(),
        PushPolicy.permissive(2, 1), metrics, observedUnknownItems::add);
    kit = EventSourcedBehaviorTestKit.create(testKit.system(), UserEntity.create("u1", deps));
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  static BehaviourEvent view(String eventId, String item) {
    return new BehaviourEvent(eventId, EventType.VIEW, item, null, T0, Map.of("source", "test"));
  }

  @Test
  void recordsAnEventWithItsCategoryAndPushesTheFirstRecommendations() {
    var result = kit.<UserEntity.Recorded>runCommand(r -> new UserEntity.RecordEvents(List.of(view("e1", "a")), r));
    assertEquals(new UserEntity.Recorded(1, 0), result.reply());
    assertEquals(2, result.events().size());
    assertEquals(new UserEntity.EventRecorded(view("e1", "a"), "glue"), result.events().get(0));
    UserEntity.PushSent push = assertInstanceOf(UserEntity.PushSent.class, result.events().get(1));
    assertEquals("u1:1", push.pushId());
    assertEquals("b", push.items().get(0).itemId());
    assertEquals(1, result.state().interest().getEventCount());
    assertEquals(List.of("b", "c"), result.state().lastPushedItems());
  }

  @Test
  void eachRecoveryFromTheJournalIsTimedForTheNodesMetrics() {
    kit.<UserEntity.Recorded>runCommand(r -> new UserEntity.RecordEvents(List.of(view("e1", "a")), r));
    long before = recoveries();
    kit.restart();
    assertEquals(before + 1, recoveries());
    assertEquals(1, kit.getState().interest().getEventCount());
  }

  private long recoveries() {
    return metrics.render().lines().filter(line -> line.startsWith("pushrec_user_recovery_seconds_count "))
        .mapToLong(line -> Long.parseLong(line.substring(line.indexOf(' ') + 1))).findFirst().orElse(0);
  }

  @Test
  void theSameEventIdIsNotCountedTwice() {
    kit.<UserEntity.Recorded>runCommand(r -> new UserEntity.RecordEvents(List.of(view("e1", "a")), r));
    var again = kit.<UserEntity.Recorded>runCommand(r -> new UserEntity.RecordEvents(
        List.of(view("e1", "a"), view("e2", "x"), view("e2", "x")), r));
    assertEquals(new UserEntity.Recorded(1, 2), again.reply());
    assertEquals(2, again.state().interest().getEventCount());
  }

  @Test
  void anUnchangedTopIsNotPushedAgain() {
    kit.<UserEntity.Recorded>runCommand(r -> new UserEntity.RecordEvents(List.of(view("e1", "a")), r));
    var second = kit.<UserEntity.Recorded>runCommand(r -> new UserEntity.RecordEvents(List.of(view("e2", "a")), r));
    assertEquals(1, second.events().size());
    assertEquals(1, second.state().pushCount());
    assertEquals(1, metrics.counter("pushrec_pushes_suppressed_total", "reason=\"too_similar\""));
  }

  @Test
  void subscribedTabsReceiveThePushAndUnknownItemsAreReported() {
    TestProbe<PushMessage> tab = testKit.createTestProbe();
    kit.runCommand(new UserEntity.Subscribe(tab.getRef(), ""));
    kit.<UserEntity.Recorded>runCommand(r -> new UserEntity.RecordEvents(List.of(view("e1", "a"), view("e2", "brand-new")), r));
    PushMessage push = tab.expectMessageClass(PushMessage.class);
    assertEquals("u1", push.userId());
    assertEquals("recommendations", push.type());
    assertEquals("Title b", push.items().get(0).title());
    assertTrue(push.items().get(0).reason().startsWith("because you viewed"));
    assertEquals(List.of("brand-new"), observedUnknownItems);

    kit.runCommand(new UserEntity.Unsubscribe(tab.getRef()));
    kit.<UserEntity.Recorded>runCommand(r -> new UserEntity.RecordEvents(List.of(view("e3", "x")), r));
    tab.expectNoMessage(Duration.ofMillis(200));
  }

  @Test
  void aTabThatMissedTheLatestPushIsSentItWhenItSubscribes() {
    kit.<UserEntity.Recorded>runCommand(r -> new UserEntity.RecordEvents(List.of(view("e1", "a")), r));
    kit.<UserEntity.Recorded>runCommand(r -> new UserEntity.RecordEvents(List.of(view("e2", "x"), view("e3", "y")), r));
    assertEquals("u1:2", kit.getState().lastPushId());

    TestProbe<PushMessage> reconnected = testKit.createTestProbe();
    kit.runCommand(new UserEntity.Subscribe(reconnected.getRef(), "u1:1"));
    PushMessage resent = reconnected.expectMessageClass(PushMessage.class);
    assertEquals("u1:2", resent.pushId());
    assertEquals(kit.getState().lastPush().get(0).itemId(), resent.items().get(0).itemId());

    TestProbe<PushMessage> upToDate = testKit.createTestProbe();
    kit.runCommand(new UserEntity.Subscribe(upToDate.getRef(), "u1:2"));
    upToDate.expectNoMessage(Duration.ofMillis(200));
  }

  @Test
  void stateIsRecoveredFromTheEvents() {
    kit.<UserEntity.Recorded>runCommand(r -> new UserEntity.RecordEvents(List.of(view("e1", "a"), view("e2", "x")), r));
    UserEntity.State before = kit.getState();
    kit.restart();
    assertEquals(before, kit.getState());
    var recs = kit.<UserEntity.Recommendations>runCommand(r -> new UserEntity.GetRecommendations(3, r));
    assertEquals(3, recs.reply().items().size());
  }

  @Test
  void summaryReportsCounts() {
    kit.<UserEntity.Recorded>runCommand(r -> new UserEntity.RecordEvents(List.of(view("e1", "a")), r));
    var summary = kit.<UserEntity.Summary>runCommand(UserEntity.GetSummary::new);
    assertEquals(new UserEntity.Summary("u1", 1, 1, 1, "u1:1"), summary.reply());
  }
}
