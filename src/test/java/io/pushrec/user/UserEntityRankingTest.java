package io.pushrec.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.pushrec.catalog.LiveCatalog;
import io.pushrec.core.CoVisitationScorer;
import io.pushrec.core.Experiment;
import io.pushrec.core.PushFeedback;
import io.pushrec.core.PushPolicy;
import io.pushrec.metrics.Metrics;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Ranking runs after the events are acknowledged, on a bounded pool that an overloaded node may find full. */
class UserEntityRankingTest {
  static final ActorTestKit testKit = ActorTestKit.create(EventSourcedBehaviorTestKit.config()
      .withFallback(ConfigFactory.parseString("""
          pekko.actor.provider = local
          pekko.actor.serialization-bindings { "io.pushrec.CborSerializable" = jackson-cbor }
          """)).withFallback(ConfigFactory.defaultReference()));

  final Metrics metrics = new Metrics();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  EventSourcedBehaviorTestKit<UserEntity.Command, UserEntity.Event, UserEntity.State> entity(Executor rankingPool) {
    PushPolicy policy = PushPolicy.permissive(2, 1);
    UserDependencies deps = new UserDependencies(new LiveCatalog(UserEntityTest.catalog()),
        new CoVisitationScorer(), policy, metrics, item -> {}, Experiment.single(policy),
        UserDependencies.DEFAULT_CHURN, PushFeedback.Reporter.NONE, CatalogFeedback.NONE, rankingPool);
    return EventSourcedBehaviorTestKit.create(testKit.system(), UserEntity.create("u1", deps));
  }

  @Test
  void aFullRankingPoolSkipsThePushButNeverTheEvents() {
    var kit = entity(task -> {
      throw new RejectedExecutionException("full");
    });
    var result = kit.<UserEntity.Recorded>runCommand(r ->
        new UserEntity.RecordEvents(List.of(UserEntityTest.view("e1", "a")), r));
    assertEquals(new UserEntity.Recorded(1, 0), result.reply());
    assertEquals(1, kit.getState().interest().getEventCount());
    assertEquals(0, kit.getState().pushCount());
    assertEquals(1, metrics.counter("pushrec_rankings_shed_total", ""));
  }

  @Test
  void aRankingDroppedForFresherOnesSkipsThatPushAndTheNextEventRanksAgain() {
    Queue<Runnable> held = new ArrayDeque<>();
    var kit = entity(held::add);
    kit.<UserEntity.Recorded>runCommand(r -> new UserEntity.RecordEvents(List.of(UserEntityTest.view("e1", "a")), r));
    ((FreshestRankings.Ranking) held.poll()).drop();
    assertEquals(0, kit.getState().pushCount());
    assertEquals(1, metrics.counter("pushrec_rankings_shed_total", ""));

    kit.<UserEntity.Recorded>runCommand(r -> new UserEntity.RecordEvents(List.of(UserEntityTest.view("e2", "x")), r));
    assertEquals(1, held.size(), "no longer waiting for the dropped ranking");
    held.poll().run();
    assertEquals(1, kit.getState().pushCount());
  }

  @Test
  void eventsThatArriveWhileTheUserIsBeingRankedAreRankedOnceTogetherAfterwards() {
    Queue<Runnable> held = new ArrayDeque<>();
    var kit = entity(held::add);
    kit.<UserEntity.Recorded>runCommand(r -> new UserEntity.RecordEvents(List.of(UserEntityTest.view("e1", "a")), r));
    kit.<UserEntity.Recorded>runCommand(r -> new UserEntity.RecordEvents(List.of(UserEntityTest.view("e2", "x")), r));
    kit.<UserEntity.Recorded>runCommand(r -> new UserEntity.RecordEvents(List.of(UserEntityTest.view("e3", "y")), r));
    assertEquals(3, kit.getState().interest().getEventCount(), "acknowledged while the first ranking waits");
    assertEquals(1, held.size(), "one ranking at a time per user");

    held.poll().run();
    assertEquals(1, kit.getState().pushCount());
    assertEquals(1, held.size(), "the two later events wait for one ranking together");
    held.poll().run();
    UserEntity.State state = kit.getState();
    assertEquals(2, state.pushCount());
    assertTrue(state.lastPushedItems().contains("z"),
        "ranked after both x and y, so it holds z, which follows them: " + state.lastPushedItems());
    assertEquals(0, held.size());
  }
}
