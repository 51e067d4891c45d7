package io.pushrec.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.typesafe.config.ConfigFactory;
import io.pushrec.core.BehaviourEvent;
import io.pushrec.core.EventType;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The node's own configuration, so the bindings under test are the ones a node uses between nodes. */
class RecordEventsSerializerTest {
  static final ActorTestKit testKit = ActorTestKit.create("serializer", ConfigFactory.parseString("""
          pekko.remote.artery.canonical.port = 0
          """).withFallback(ConfigFactory.load()));
  final Serialization serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  private Object acrossTheWire(Object message) throws Exception {
    byte[] bytes = serialization.serialize(message).get();
    var serializer = serialization.findSerializerFor(message);
    return serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, message)).get();
  }

  @Test
  void eventsArriveWholeAndTheAnswerReachesTheAsker() throws Exception {
    TestProbe<UserEntity.Recorded> asker = testKit.createTestProbe();
    List<BehaviourEvent> events = List.of(
        new BehaviourEvent("e1", EventType.VIEW, "item-1", null, 1_780_000_000_000L, Map.of()),
        new BehaviourEvent("e2", EventType.SEARCH, null, "red glue — ünïcode", 1_780_000_000_001L,
            Map.of("tz", "Europe/Berlin", "pushId", "u1:3")));

    Object received = acrossTheWire(new UserEntity.RecordEvents(events, asker.ref()));

    UserEntity.RecordEvents command = assertInstanceOf(UserEntity.RecordEvents.class, received);
    assertEquals(events, command.events());
    command.replyTo().tell(new UserEntity.Recorded(2, 0));
    assertEquals(new UserEntity.Recorded(2, 0), asker.receiveMessage());
  }

  @Test
  void aBatchForSeveralUsersArrivesWholeAndTheAnswerReachesTheAsker() throws Exception {
    TestProbe<UserEntity.Recorded> asker = testKit.createTestProbe();
    Map<String, List<BehaviourEvent>> batch = Map.of(
        "u1", List.of(new BehaviourEvent("e1", EventType.VIEW, "item-1", null, 1_780_000_000_000L, Map.of()),
            new BehaviourEvent("e2", EventType.CART, "item-1", null, 1_780_000_000_002L, Map.of("tz", "UTC"))),
        "u2", List.of(new BehaviourEvent("e3", EventType.DISMISS, "item-9", null, 1_780_000_000_003L, Map.of())));

    Object received = acrossTheWire(new EventIntake.RecordBatch(batch, asker.ref()));

    EventIntake.RecordBatch command = assertInstanceOf(EventIntake.RecordBatch.class, received);
    assertEquals(batch, command.eventsByUser());
    command.replyTo().tell(new UserEntity.Recorded(3, 0));
    assertEquals(new UserEntity.Recorded(3, 0), asker.receiveMessage());
  }

  @Test
  void theAnswerKeepsItsCounts() throws Exception {
    assertEquals(new UserEntity.Recorded(3, 2), acrossTheWire(new UserEntity.Recorded(3, 2)));
  }

  @Test
  void theseMessagesDoNotUseJackson() {
    TestProbe<UserEntity.Recorded> asker = testKit.createTestProbe();
    assertInstanceOf(RecordEventsSerializer.class,
        serialization.findSerializerFor(new UserEntity.RecordEvents(List.of(), asker.ref())));
    assertInstanceOf(RecordEventsSerializer.class, serialization.findSerializerFor(new UserEntity.Recorded(0, 0)));
    assertInstanceOf(RecordEventsSerializer.class,
        serialization.findSerializerFor(new EventIntake.RecordBatch(Map.of(), asker.ref())));
  }
}
