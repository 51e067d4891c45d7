package io.pushrec.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pushrec.core.PushFeedback;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class OutcomeBatcherTest {
  static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  static PushFeedback.Outcome sent(String pushId) {
    return new PushFeedback.Outcome("a", pushId, PushFeedback.SENT);
  }

  @Test
  void reportsWhatGatheredWithinTheDelayAsOneBatch() {
    TestProbe<ExperimentEntity.Command> experiment = testKit.createTestProbe();
    var batcher = testKit.spawn(OutcomeBatcher.create(experiment.getRef(), 100, Duration.ofMillis(300)));
    batcher.tell(new OutcomeBatcher.Add(sent("u1:1")));
    batcher.tell(new OutcomeBatcher.Add(sent("u2:1")));
    batcher.tell(new OutcomeBatcher.Add(sent("u3:1")));
    assertEquals(new ExperimentEntity.ReportAll(List.of(sent("u1:1"), sent("u2:1"), sent("u3:1"))),
        experiment.receiveMessage(Duration.ofSeconds(3)));
    experiment.expectNoMessage(Duration.ofMillis(500));

    batcher.tell(new OutcomeBatcher.Add(sent("u4:1")));
    assertEquals(new ExperimentEntity.ReportAll(List.of(sent("u4:1"))), experiment.receiveMessage(Duration.ofSeconds(3)));
  }

  @Test
  void aFullBatchGoesAtOnce() {
    TestProbe<ExperimentEntity.Command> experiment = testKit.createTestProbe();
    var batcher = testKit.spawn(OutcomeBatcher.create(experiment.getRef(), 2, Duration.ofMinutes(10)));
    batcher.tell(new OutcomeBatcher.Add(sent("u1:1")));
    batcher.tell(new OutcomeBatcher.Add(sent("u2:1")));
    batcher.tell(new OutcomeBatcher.Add(sent("u3:1")));
    assertEquals(new ExperimentEntity.ReportAll(List.of(sent("u1:1"), sent("u2:1"))),
        experiment.receiveMessage(Duration.ofSeconds(3)));
    experiment.expectNoMessage(Duration.ofMillis(300)); // the third waits for more, or for the delay
  }
}
