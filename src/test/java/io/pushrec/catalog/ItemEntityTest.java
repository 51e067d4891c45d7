package io.pushrec.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.pushrec.core.CatalogItem;
import io.pushrec.core.RidgeProjection;
import io.pushrec.core.TextEncoder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ItemEntityTest {
  static final ActorTestKit testKit = ActorTestKit.create(EventSourcedBehaviorTestKit.config()
      .withFallback(ConfigFactory.parseString("""
          pekko.actor.provider = local
          pekko.actor.serialization-bindings { "io.pushrec.CborSerializable" = jackson-cbor }
          """)).withFallback(ConfigFactory.defaultReference()));

  /** Two dimensions that a test can predict: how many letters "glue" and "paint" the text has. */
  static final class WordCountEncoder implements TextEncoder {
    final AtomicInteger calls = new AtomicInteger();

    public String name() {
      return "word-count";
    }

    public int dimension() {
      return 2;
    }

    public float[] embed(String text) {
      calls.incrementAndGet();
      String t = text.toLowerCase();
      return new float[] {t.split("glue", -1).length - 1, t.split("paint", -1).length - 1};
    }
  }

  /** Projects content (glue, paint) to collaborative (paint, glue): easy to recognise in assertions. */
  static final RidgeProjection SWAP = RidgeProjection.fit("word-count",
      new float[][] {{1, 0}, {0, 1}, {2, 0}, {0, 2}, {1, 1}},
      new float[][] {{0, 1}, {1, 0}, {0, 2}, {2, 0}, {1, 1}}, 1e-6);

  final WordCountEncoder encoder = new WordCountEncoder();
  TestProbe<ItemEntity.ItemChanged> subscriber;
  EventSourcedBehaviorTestKit<ItemEntity.Command, ItemEntity.Event, ItemEntity.State> kit;

  @BeforeEach
  void setUp() {
    ActorRef<Topic.Command<ItemEntity.ItemChanged>> topic =
        testKit.spawn(Topic.create(ItemEntity.ItemChanged.class, "items-" + System.nanoTime()));
    subscriber = testKit.createTestProbe();
    topic.tell(Topic.subscribe(subscriber.ref()));
    kit = EventSourcedBehaviorTestKit.create(testKit.system(), ItemEntity.create("i1",
        new ItemEntity.Dependencies(topic, encoder, Runnable::run, () -> SWAP)));
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  static CatalogItem item(String title, boolean available) {
    return new CatalogItem("i1", title, "", "Adhesives", "Acme", 4.5, List.of("diy"), available);
  }

  ItemEntity.State awaitEmbedded() {
    for (int i = 0; i < 100; i++) {
      ItemEntity.State s = kit.getState();
      if (s.content() != null) return s;
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("no content embedding");
  }

  @Test
  void anUpsertIsEncodedProjectedAndBroadcast() {
    var result = kit.<ItemEntity.Saved>runCommand(r -> new ItemEntity.Upsert(item("Strong glue", true), r));
    assertInstanceOf(ItemEntity.ItemUpserted.class, result.event());
    assertEquals(new ItemEntity.Saved("i1", 1), result.reply());

    ItemEntity.State s = awaitEmbedded();
    assertArrayEquals(new float[] {1, 0}, s.content().vector());
    assertEquals("word-count", s.content().source());
    assertEquals(ItemEntity.PROJECTED, s.collaborative().source());
    assertArrayEquals(new float[] {0, 1}, s.collaborative().vector(), 1e-3f);
    assertEquals(3, s.version());

    assertEquals(1, subscriber.receiveMessage().state().version());
    ItemEntity.ItemChanged embedded = subscriber.receiveMessage();
    assertEquals("i1", embedded.itemId());
    assertEquals(3, embedded.state().version());
    assertNotNull(embedded.state().collaborative());
  }

  @Test
  void theSameItemAgainPersistsNothing() {
    kit.<ItemEntity.Saved>runCommand(r -> new ItemEntity.Upsert(item("Strong glue", true), r));
    awaitEmbedded();
    var again = kit.<ItemEntity.Saved>runCommand(r -> new ItemEntity.Upsert(item("Strong glue", true), r));
    assertTrue(again.hasNoEvents());
    assertEquals(3, again.reply().version());
    assertEquals(1, encoder.calls.get(), "unchanged text is not encoded again");
  }

  @Test
  void aChangeOfAvailabilityIsBroadcastWithoutReencoding() {
    kit.<ItemEntity.Saved>runCommand(r -> new ItemEntity.Upsert(item("Strong glue", true), r));
    awaitEmbedded();
    subscriber.receiveSeveralMessages(2);
    kit.<ItemEntity.Saved>runCommand(r -> new ItemEntity.Upsert(item("Strong glue", false), r));
    ItemEntity.ItemChanged change = subscriber.receiveMessage();
    assertEquals(false, change.state().item().available());
    assertEquals(1, change.state().content().version());
    subscriber.expectNoMessage(Duration.ofMillis(100));
    assertEquals(1, encoder.calls.get());
  }

  @Test
  void anEncodingOfTextThatHasSinceChangedIsDropped() {
    kit.<ItemEntity.Saved>runCommand(r -> new ItemEntity.Upsert(item("Strong glue", true), r));
    awaitEmbedded();
    var stale = kit.runCommand(new ItemEntity.ContentEncoded("Old paint. Acme. Adhesives", "word-count", new float[] {0, 1}));
    assertTrue(stale.hasNoEvents());
  }

  @Test
  void aLearnedCollaborativeVectorIsNotOverwrittenByAProjection() {
    kit.<ItemEntity.Saved>runCommand(r -> new ItemEntity.Upsert(item("Strong glue", true), r));
    awaitEmbedded();
    kit.<ItemEntity.Saved>runCommand(r -> new ItemEntity.SetCollaborative(new float[] {7, 7}, "sasrec-v3", r));
    kit.<ItemEntity.Saved>runCommand(r -> new ItemEntity.Upsert(item("Strong glue for paint", true), r));
    ItemEntity.State s = kit.getState();
    for (int i = 0; i < 100 && s.content().version() < 2; i++) s = kit.getState();
    assertEquals(2, s.content().version());
    assertArrayEquals(new float[] {7, 7}, s.collaborative().vector());
    assertEquals("sasrec-v3", s.collaborative().source());
  }

  @Test
  void salesAddUpAndAnObservedItemExistsWithoutText() {
    kit.runCommand(new ItemEntity.Observe());
    kit.runCommand(new ItemEntity.RecordSales(2));
    kit.runCommand(new ItemEntity.RecordSales(3));
    ItemEntity.State s = kit.getState();
    assertEquals(5, s.salesCount());
    assertTrue(s.exists());
    assertNull(s.content(), "an item with no text has no content vector");
    assertEquals(0, encoder.calls.get());
  }

  @Test
  void aReplayOfTheJournalGivesTheEntitysState() {
    kit.<ItemEntity.Saved>runCommand(r -> new ItemEntity.Upsert(item("Strong glue", true), r));
    ItemEntity.State live = awaitEmbedded();
    kit.restart();
    ItemEntity.State recovered = kit.getState();
    assertEquals(live.version(), recovered.version());
    assertArrayEquals(live.collaborative().vector(), recovered.collaborative().vector());
  }
}
