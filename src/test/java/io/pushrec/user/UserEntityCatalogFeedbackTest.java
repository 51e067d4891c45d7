package io.pushrec.user;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import io.pushrec.catalog.LiveCatalog;
import io.pushrec.core.BehaviourEvent;
import io.pushrec.core.CoVisitationScorer;
import io.pushrec.core.EventType;
import io.pushrec.core.Experiment;
import io.pushrec.core.PushFeedback;
import io.pushrec.core.PushPolicy;
import io.pushrec.metrics.Metrics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a user's persisted events tell the catalogue: purchases for the sales count, examples for the learner. */
class UserEntityCatalogFeedbackTest {
  static final ActorTestKit testKit = ActorTestKit.create(EventSourcedBehaviorTestKit.config()
      .withFallback(ConfigFactory.parseString("""
          pekko.actor.provider = local
          pekko.actor.serialization-bindings { "io.pushrec.CborSerializable" = jackson-cbor }
          """)).withFallback(ConfigFactory.defaultReference()));

  final List<String> told = new CopyOnWriteArrayList<>();
  EventSourcedBehaviorTestKit<UserEntity.Command, UserEntity.Event, UserEntity.State> kit;

  @BeforeEach
  void setUp() {
    PushPolicy policy = PushPolicy.permissive(2, 1);
    CatalogFeedback feedback = new CatalogFeedback() {
      @Override
      public void followed(List<String> recentItems, String nextItem) {
        told.add(recentItems + " -> " + nextItem);
      }

      @Override
      public void purchased(String itemId, int count) {
        told.add("sold " + count + " " + itemId);
      }
    };
    UserDependencies deps = new UserDependencies(new LiveCatalog(UserEntityTest.catalog()),
        new CoVisitationScorer(), policy, new Metrics(), item -> {}, Experiment.single(policy),
        UserDependencies.DEFAULT_CHURN, PushFeedback.Reporter.NONE, feedback);
    kit = EventSourcedBehaviorTestKit.create(testKit.system(), UserEntity.create("u1", deps));
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  static BehaviourEvent event(String eventId, EventType type, String item) {
    return new BehaviourEvent(eventId, type, item, null, UserEntityTest.T0, Map.of());
  }

  @Test
  void engagementsBecomeExamplesAndPurchasesAreCountedOncePerEventId() {
    List<BehaviourEvent> batch = List.of(event("e1", EventType.VIEW, "a"), event("e2", EventType.PURCHASE, "b"),
        event("e3", EventType.DISMISS, "c"), event("e4", EventType.PURCHASE, "b"));
    kit.<UserEntity.Recorded>runCommand(r -> new UserEntity.RecordEvents(batch, r));
    assertEquals(List.of("[] -> a", "[a] -> b", "[a, b] -> b", "sold 2 b"), told);

    told.clear();
    UserEntity.Recorded retry = kit.<UserEntity.Recorded>runCommand(r -> new UserEntity.RecordEvents(batch, r)).reply();
    assertEquals(4, retry.duplicates());
    assertEquals(List.of(), told, "a retried request tells the catalogue nothing again");
  }
}
