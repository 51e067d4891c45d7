package io.pushrec.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushrec.node.TestNode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A replica's catch-up reads only what changed since its last read, yet each changed item arrives whole: folded from
 * its entire journal, not just from the events after the position.
 */
class JournalItemHistoryIT {
  static TestNode node;
  static CatalogReplica.ItemHistory history;

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.start(TestNode.uniqueKeyspace("it_history"), null);
    history = JournalItemHistory.of(node.node.system(), CassandraReadJournal.Identifier());
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void aCatchUpReturnsOnlyTheItemsChangedSinceTheLastReadEachAtItsLatestState() throws Exception {
    CatalogClusterIT.put(node, "glue", CatalogClusterIT.body("Wood glue 250 ml"));
    CatalogClusterIT.put(node, "tape", CatalogClusterIT.body("Masking tape 25 mm"));
    // Text is encoded after the PUT and persisted as a further event; read once both items have theirs.
    CatalogReplica.Replay first = await(() -> history.replay().toCompletableFuture().get(10, TimeUnit.SECONDS),
        r -> states(r).size() == 2 && states(r).values().stream().allMatch(s -> s.content() != null));
    long tapeVersion = states(first).get("tape").version();

    CatalogClusterIT.put(node, "tape", CatalogClusterIT.body("Masking tape 50 mm"));
    CatalogClusterIT.put(node, "brush", CatalogClusterIT.body("Paint brush set"));
    CatalogReplica.Replay changed = await(
        () -> history.changedSince(first.position()).toCompletableFuture().get(10, TimeUnit.SECONDS),
        r -> states(r).containsKey("tape") && states(r).containsKey("brush"));

    Map<String, ItemEntity.State> states = states(changed);
    assertFalse(states.containsKey("glue"), "an item unchanged since the last read is not read again: " + states.keySet());
    ItemEntity.State tape = states.get("tape");
    assertEquals("Masking tape 50 mm", tape.item().title());
    // Read from the position alone, the tape would be at version 1 or 2 (the new upsert, perhaps its encoding).
    assertTrue(tape.version() > tapeVersion, "folded from its whole journal: version " + tape.version());
  }

  private static Map<String, ItemEntity.State> states(CatalogReplica.Replay replay) {
    return replay.changes().stream().collect(Collectors.toMap(ItemEntity.ItemChanged::itemId, ItemEntity.ItemChanged::state));
  }

  private interface Read {
    CatalogReplica.Replay get() throws Exception;
  }

  /** The tag stream shows an event only after the journal's eventual-consistency delay (1 s here). */
  private static CatalogReplica.Replay await(Read read, Predicate<CatalogReplica.Replay> done) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      CatalogReplica.Replay replay = read.get();
      if (done.test(replay)) return replay;
      assertTrue(System.nanoTime() < deadline, "never read: " + states(replay));
      Thread.sleep(200);
    }
  }
}
