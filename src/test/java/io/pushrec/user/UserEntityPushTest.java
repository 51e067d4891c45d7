package io.pushrec.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushrec.catalog.LiveCatalog;
import io.pushrec.core.BehaviourEvent;
import io.pushrec.core.ChurnRule;
import io.pushrec.core.CoVisitationScorer;
import io.pushrec.core.EventType;
import io.pushrec.core.Experiment;
import io.pushrec.core.Preferences;
import io.pushrec.core.PushFeedback;
import io.pushrec.core.PushPolicy;
import io.pushrec.core.PushRecord;
import io.pushrec.core.UserProfile;
import io.pushrec.metrics.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The push side of the user entity: feedback, preferences, profile and the churn timer. */
class UserEntityPushTest {
  static final ActorTestKit testKit = ActorTestKit.create(EventSourcedBehaviorTestKit.config()
      .withFallback(ConfigFactory.parseString("""
          pekko.actor.provider = local
          pekko.actor.serialization-bindings { "io.pushrec.CborSerializable" = jackson-cbor }
          """)).withFallback(ConfigFactory.defaultReference()));
  static final AtomicInteger users = new AtomicInteger();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  final List<PushFeedback.Outcome> reported = new CopyOnWriteArrayList<>();
  final Metrics metrics = new Metrics();

  EventSourcedBehaviorTestKit<UserEntity.Command, UserEntity.Event, UserEntity.State> kit(ChurnRule churn) {
    PushPolicy policy = PushPolicy.permissive(2, 1);
    UserDependencies deps = new UserDependencies(new LiveCatalog(UserEntityTest.catalog()),
        new CoVisitationScorer(), policy, metrics, id -> {}, Experiment.single(policy), churn, reported::add);
    return EventSourcedBehaviorTestKit.create(testKit.system(), UserEntity.create("push-user-" + users.incrementAndGet(), deps));
  }

  static BehaviourEvent event(String id, EventType type, String item, long at, Map<String, String> context) {
    return new BehaviourEvent(id, type, item, null, at, context);
  }

  @Test
  void feedbackIsLinkedToItsPushAndReportedOnce() {
    var kit = kit(UserDependencies.DEFAULT_CHURN);
    long t = UserEntityTest.T0;
    kit.<UserEntity.Recorded>runCommand(r -> new UserEntity.RecordEvents(
        List.of(event("e1", EventType.VIEW, "a", t, Map.of())), r));
    String pushId = kit.getState().lastPushId();
    String pushed = kit.getState().lastPushedItems().get(0);
    Map<String, String> ctx = Map.of(PushFeedback.PUSH_ID, pushId);
    kit.<UserEntity.Recorded>runCommand(r -> new UserEntity.RecordEvents(List.of(
        event("e2", EventType.IMPRESSION, pushed, t + 1, ctx),
        event("e3", EventType.CLICK, pushed, t + 2, ctx),
        event("e4", EventType.IMPRESSION, pushed, t + 3, ctx)), r));

    PushRecord push = kit.getState().pushes().find(pushId).orElseThrow();
    assertTrue(push.impressed() && push.clicked() && !push.dismissed());
    assertEquals("clicked", push.outcome());
    assertEquals(List.of(PushFeedback.SENT, PushFeedback.IMPRESSION, PushFeedback.CLICK),
        reported.stream().filter(o -> o.pushId().equals(pushId)).map(PushFeedback.Outcome::outcome).toList());
    assertEquals(1, metrics.counter("pushrec_push_outcomes_total", "variant=\"control\",outcome=\"click\""));
  }

  @Test
  void aDismissalPushesTheItemAndItsCategoryDown() {
    var kit = kit(UserDependencies.DEFAULT_CHURN);
    long t = UserEntityTest.T0;
    kit.<UserEntity.Recorded>runCommand(r -> new UserEntity.RecordEvents(List.of(
        event("e1", EventType.VIEW, "a", t, Map.of()), event("e2", EventType.VIEW, "x", t, Map.of())), r));
    double glueBefore = kit.getState().interest().getCategoryInterest().get("glue");
    String pushId = kit.getState().lastPushId();
    kit.<UserEntity.Recorded>runCommand(r -> new UserEntity.RecordEvents(List.of(
        event("e3", EventType.DISMISS, "b", t, Map.of(PushFeedback.PUSH_ID, pushId))), r));

    assertEquals(glueBefore + EventType.DISMISS.interestWeight,
        kit.getState().interest().getCategoryInterest().get("glue"), 1e-9);
    assertTrue(kit.getState().interest().getItemInterest().get("b") < 0);
    var recs = kit.<UserEntity.Recommendations>runCommand(r -> new UserEntity.GetRecommendations(5, r));
    assertFalse(recs.reply().items().stream().anyMatch(i -> i.itemId().equals("b")), "a dismissed item came back");
    assertTrue(kit.getState().pushes().find(pushId).orElseThrow().dismissed());
  }

  @Test
  void optOutIsPersistedAndStopsPushes() {
    var kit = kit(UserDependencies.DEFAULT_CHURN);
    var prefs = kit.<UserEntity.PreferencesSaved>runCommand(r -> new UserEntity.SetPreferences(true, "zh", null, r));
    assertEquals(new Preferences(true, "zh", null), prefs.reply().preferences());
    kit.restart();
    var after = kit.<UserEntity.Recorded>runCommand(r -> new UserEntity.RecordEvents(
        List.of(event("e1", EventType.VIEW, "a", UserEntityTest.T0, Map.of())), r));
    assertEquals(1, after.events().size(), "only the behaviour event, no push");
    assertEquals(1, metrics.counter("pushrec_pushes_suppressed_total", "reason=\"opted_out\""));
  }

  @Test
  void theTimeZoneIsLearntFromEventContext() {
    var kit = kit(UserDependencies.DEFAULT_CHURN);
    kit.<UserEntity.Recorded>runCommand(r -> new UserEntity.RecordEvents(List.of(
        event("e1", EventType.VIEW, "a", UserEntityTest.T0, Map.of(PushFeedback.TIME_ZONE, "Asia/Shanghai")),
        event("e2", EventType.VIEW, "b", UserEntityTest.T0, Map.of(PushFeedback.TIME_ZONE, "Not/AZone"))), r));
    assertEquals("Asia/Shanghai", kit.getState().preferences().timeZone());
  }

  @Test
  void theReEngagementTimerSurvivesARestart() throws InterruptedException {
    // Five views two seconds apart: median gap 2 s, so the user is at risk 6 s after the last one, 4 s from now.
    var kit = kit(new ChurnRule(3, 5, 0, 60_000));
    long last = System.currentTimeMillis() - 2_000;
    List<BehaviourEvent> views = new ArrayList<>();
    String[] items = {"a", "x", "b", "y", "c"};
    for (int i = 0; i < 5; i++) views.add(event("e" + i, EventType.VIEW, items[i], last - (4 - i) * 2000L, Map.of()));
    kit.<UserEntity.Recorded>runCommand(r -> new UserEntity.RecordEvents(views, r));
    long pushesBefore = kit.getState().pushCount();
    assertTrue(System.currentTimeMillis() < last + 6_000, "too slow to restart before the deadline");

    kit.restart();
    UserEntity.State state = kit.getState();
    for (long until = System.currentTimeMillis() + 15_000; state.pushCount() == pushesBefore
        && System.currentTimeMillis() < until; state = kit.getState()) {
      Thread.sleep(100);
    }
    assertEquals(pushesBefore + 1, state.pushCount(), "the timer was not re-armed on recovery");
    assertEquals(PushRecord.RE_ENGAGEMENT, state.pushes().last().orElseThrow().kind());
    assertEquals(last, state.reEngagedAtActivity());

    kit.restart();
    Thread.sleep(500);
    assertEquals(pushesBefore + 1, kit.getState().pushCount(), "one re-engagement push per silence");
  }

  @Test
  void profileSummarisesTheUsersOwnBehaviour() {
    var kit = kit(new ChurnRule(3, 2, 0, 60_000));
    long t = UserEntityTest.T0;
    kit.<UserEntity.Recorded>runCommand(r -> new UserEntity.RecordEvents(List.of(
        event("e1", EventType.VIEW, "a", t, Map.of()), event("e2", EventType.CART, "b", t + 60_000, Map.of()),
        event("e3", EventType.VIEW, "x", t + 120_000, Map.of())), r));
    UserProfile profile = kit.<UserEntity.Profile>runCommand(UserEntity.GetProfile::new).reply().profile();
    assertEquals("glue", profile.topCategories().get(0).name());
    assertEquals("paint", profile.topCategories().get(1).name());
    assertEquals("control", profile.variant());
    assertEquals(t + 120_000, profile.lastActiveMillis());
    assertTrue(profile.churn().atRisk(), "silent for months against a one-minute rhythm");
    assertEquals(kit.getState().lastPushId(), profile.recentPushes().get(0).pushId());
  }
}
