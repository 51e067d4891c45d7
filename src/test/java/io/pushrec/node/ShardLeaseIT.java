package io.pushrec.node;

import static io.pushrec.node.MultiNodeIT.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.coordination.lease.javadsl.Lease;
import org.apache.pekko.coordination.lease.javadsl.LeaseProvider;
import org.apache.pekko.stream.connectors.cassandra.CassandraSessionSettings;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;
import org.junit.jupiter.api.Test;

/**
 * Each shard runs only while it holds its lease in Cassandra, so two clusters on one journal (a restarted node that
 * formed its own, a node back from a long pause) never run the same user twice.
 */
class ShardLeaseIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aSecondClusterOnTheSameJournalDoesNotRunAUserTheFirstRuns() throws Exception {
    String keyspace = TestNode.uniqueKeyspace("it_lease");
    // Two nodes without seeds: each forms a cluster of its own, as a first seed that missed its cluster would.
    TestNode first = TestNode.start(keyspace, null);
    try (TestNode second = TestNode.start(keyspace, null, Map.of("pushrec.http.read-timeout", "2s"))) {
      assertEquals(200, first.post("/v1/events", event("e1", "shared-user")).statusCode());

      HttpResponse<String> refused = second.post("/v1/events", event("e2", "shared-user"));
      assertEquals(503, refused.statusCode(), refused.body());

      first.close();
      // The first node released its leases as it stopped; the second takes this user's shard at its next try.
      awaitTrue(() -> second.post("/v1/events", event("e2", "shared-user")).statusCode() == 200,
          "the second cluster never took the user over");
      assertEquals(2, JSON.readTree(second.get("/v1/users/shared-user").body()).get("eventCount").asInt());
    }
  }

  @Test
  void aLeaseIsHeldByOneOwnerAndAHolderWhoseRowWasTakenLearnsItLostIt() throws Exception {
    try (TestNode node = TestNode.start(TestNode.uniqueKeyspace("it_lease_rows"), null)) {
      ActorSystem<?> system = node.node.system();
      Lease a = LeaseProvider.get(system).getLease("test-lease", "pushrec.shard-lease", "owner-a");
      Lease b = LeaseProvider.get(system).getLease("test-lease", "pushrec.shard-lease", "owner-b");
      CompletableFuture<Optional<Throwable>> aLost = new CompletableFuture<>();

      assertTrue(a.acquire(aLost::complete).toCompletableFuture().get(10, TimeUnit.SECONDS));
      assertFalse(b.acquire().toCompletableFuture().get(10, TimeUnit.SECONDS), "two owners hold one lease");
      assertTrue(a.checkLease());
      assertFalse(b.checkLease());
      assertTrue(a.acquire(aLost::complete).toCompletableFuture().get(10, TimeUnit.SECONDS), "its holder may renew it");

      assertTrue(a.release().toCompletableFuture().get(10, TimeUnit.SECONDS));
      assertFalse(a.checkLease());
      assertTrue(b.acquire().toCompletableFuture().get(10, TimeUnit.SECONDS), "a released lease is free");

      // Someone else's row now: a's next try fails, as a holder's renewal does once the row is no longer its own.
      assertFalse(a.acquire(aLost::complete).toCompletableFuture().get(10, TimeUnit.SECONDS));
      assertTrue(b.release().toCompletableFuture().get(10, TimeUnit.SECONDS));
      assertTrue(a.acquire(aLost::complete).toCompletableFuture().get(10, TimeUnit.SECONDS));
      String table = keyspace(system) + ".shard_leases";
      CassandraSessionRegistry.get(system).sessionFor(CassandraSessionSettings.create()).executeWrite(
          "UPDATE " + table + " SET owner = 'owner-c' WHERE name = 'test-lease'").toCompletableFuture().get(10,
          TimeUnit.SECONDS);
      Optional<Throwable> cause = aLost.get(10, TimeUnit.SECONDS);
      assertTrue(cause.isPresent());
      assertTrue(cause.get().getMessage().contains("owner-c"), cause.get().getMessage());
      assertFalse(a.checkLease());
      assertFalse(b.acquire().toCompletableFuture().get(10, TimeUnit.SECONDS));
    }
  }

  private static String keyspace(ActorSystem<?> system) {
    return system.settings().config().getString("pekko.persistence.cassandra.journal.keyspace");
  }

  private static String event(String eventId, String user) {
    return "{\"eventId\":\"" + eventId + "\",\"userId\":\"" + user + "\",\"type\":\"view\",\"itemId\":\"a\"}";
  }
}
