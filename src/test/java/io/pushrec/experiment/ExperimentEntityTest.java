package io.pushrec.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import io.pushrec.core.PushFeedback;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class ExperimentEntityTest {
  static final ActorTestKit testKit = ActorTestKit.create(EventSourcedBehaviorTestKit.config()
      .withFallback(ConfigFactory.parseString("""
          pekko.actor.provider = local
          pekko.actor.serialization-bindings { "io.pushrec.CborSerializable" = jackson-cbor }
          """)).withFallback(ConfigFactory.defaultReference()));

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  static PushFeedback.Outcome outcome(String variant, String pushId, String outcome) {
    return new PushFeedback.Outcome(variant, pushId, outcome);
  }

  static EventSourcedBehaviorTestKit<ExperimentEntity.Command, ExperimentEntity.Event, ExperimentEntity.State> kit(
      String experiment) {
    return EventSourcedBehaviorTestKit.create(testKit.system(), ExperimentEntity.create(experiment));
  }

  static Map<String, ExperimentEntity.VariantCounts> counts(
      EventSourcedBehaviorTestKit<ExperimentEntity.Command, ExperimentEntity.Event, ExperimentEntity.State> kit) {
    return kit.<ExperimentEntity.Counts>runCommand(ExperimentEntity.GetCounts::new).reply().byVariant();
  }

  @Test
  void countsEachPushOutcomeOnceAndKeepsThemAcrossARestart() {
    var kit = kit("exp-1");
    kit.runCommand(new ExperimentEntity.ReportAll(List.of(outcome("a", "u1:1", PushFeedback.SENT))));
    kit.runCommand(new ExperimentEntity.ReportAll(List.of(
        outcome("a", "u1:1", PushFeedback.IMPRESSION),
        outcome("a", "u1:1", PushFeedback.CLICK),
        outcome("a", "u1:1", PushFeedback.CLICK)))); // one report may carry the same outcome twice
    var redelivered = kit.runCommand(new ExperimentEntity.ReportAll(List.of(outcome("a", "u1:1", PushFeedback.CLICK))));
    assertEquals(0, redelivered.events().size());
    var mixed = kit.runCommand(new ExperimentEntity.ReportAll(List.of(
        outcome("a", "u1:1", PushFeedback.SENT),
        outcome("b", "u2:1", PushFeedback.IMPRESSION),
        outcome("b", "u2:1", PushFeedback.DISMISS))));
    assertEquals(List.of(new ExperimentEntity.OutcomesCounted(List.of(
        outcome("b", "u2:1", PushFeedback.IMPRESSION), outcome("b", "u2:1", PushFeedback.DISMISS)))), mixed.events());

    kit.restart();
    assertEquals(Map.of(
        "a", new ExperimentEntity.VariantCounts(1, 1, 1, 0),
        "b", new ExperimentEntity.VariantCounts(0, 1, 0, 1)), counts(kit));
  }

  @Test
  void recoversCountsFromTheOneOutcomePerEventJournalOfEarlierVersions() {
    var kit = kit("exp-old");
    kit.initialize(
        new ExperimentEntity.OutcomeCounted(outcome("a", "u1:1", PushFeedback.SENT)),
        new ExperimentEntity.OutcomeCounted(outcome("a", "u1:1", PushFeedback.CLICK)));
    var redelivered = kit.runCommand(new ExperimentEntity.ReportAll(List.of(outcome("a", "u1:1", PushFeedback.CLICK))));
    assertEquals(0, redelivered.events().size());
    assertEquals(Map.of("a", new ExperimentEntity.VariantCounts(1, 0, 1, 0)), counts(kit));
  }

  @Test
  void remembersOnlyTheLatestKeysSoItsStateStaysBounded() {
    var kit = kit("exp-bounded");
    int reported = ExperimentEntity.REMEMBERED_KEYS + 10;
    List<PushFeedback.Outcome> sent = new java.util.ArrayList<>();
    for (int i = 0; i < reported; i++) sent.add(outcome("a", "u:" + i, PushFeedback.SENT));
    var result = kit.runCommand(new ExperimentEntity.ReportAll(sent));
    assertEquals(ExperimentEntity.REMEMBERED_KEYS, result.state().recentKeys().size());
    // The oldest keys were forgotten, the newest are still recognised.
    assertEquals(1, kit.runCommand(new ExperimentEntity.ReportAll(List.of(sent.get(0)))).events().size());
    assertEquals(0, kit.runCommand(new ExperimentEntity.ReportAll(List.of(sent.get(reported - 1)))).events().size());
  }
}
