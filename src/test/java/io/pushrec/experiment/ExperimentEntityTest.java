package io.pushrec.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import io.pushrec.core.PushFeedback;
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

  static ExperimentEntity.Report report(String variant, String pushId, String outcome) {
    return new ExperimentEntity.Report(new PushFeedback.Outcome(variant, pushId, outcome));
  }

  @Test
  void countsEachPushOutcomeOnceAndKeepsThemAcrossARestart() {
    var kit = EventSourcedBehaviorTestKit.<ExperimentEntity.Command, ExperimentEntity.Event, ExperimentEntity.State>create(
        testKit.system(), ExperimentEntity.create("exp-1"));
    kit.runCommand(report("a", "u1:1", PushFeedback.SENT));
    kit.runCommand(report("a", "u1:1", PushFeedback.IMPRESSION));
    kit.runCommand(report("a", "u1:1", PushFeedback.CLICK));
    var redelivered = kit.runCommand(report("a", "u1:1", PushFeedback.CLICK));
    assertEquals(0, redelivered.events().size());
    kit.runCommand(report("b", "u2:1", PushFeedback.IMPRESSION));
    kit.runCommand(report("b", "u2:1", PushFeedback.DISMISS));

    kit.restart();
    var counts = kit.<ExperimentEntity.Counts>runCommand(ExperimentEntity.GetCounts::new).reply();
    assertEquals(Map.of(
        "a", new ExperimentEntity.VariantCounts(1, 1, 1, 0),
        "b", new ExperimentEntity.VariantCounts(0, 1, 0, 1)), counts.byVariant());
  }
}
