package io.pushrec.node;

import static io.pushrec.node.MultiNodeIT.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.coordination.lease.javadsl.Lease;
import org.apache.pekko.coordination.lease.javadsl.LeaseProvider;
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
    // Both in the try, so that a failed assertion stops them too; the first is closed again there, which is harmless.
    try (TestNode first = TestNode.start(keyspace, null);
        TestNode second = TestNode.start(keyspace, null, Map.of("pushrec.http.read-timeout", "2s"))) {
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
  void aLeaseHasOneHolderWhoKeepsItUntilReleasedOrDead() throws Exception {
    try (TestNode node = TestNode.start(TestNode.uniqueKeyspace("it_lease_rows"), null)) {
      ActorSystem<?> system = node.node.system();
      // The first owner's lease lives in an actor system of its own, so that it can die without releasing it.
      org.apache.pekko.actor.ActorSystem holderSystem = org.apache.pekko.actor.ActorSystem.create("lease-holder",
          ConfigFactory.parseString("pekko.actor.provider = local").withFallback(system.settings().config()));
      // Terminated here too, so that a failed assertion does not leave it renewing until the JVM ends.
      try {
        checkOneHolderUntilReleasedOrDead(system, holderSystem);
      } finally {
        holderSystem.terminate();
      }
    }
  }

  private static void checkOneHolderUntilReleasedOrDead(ActorSystem<?> system,
      org.apache.pekko.actor.ActorSystem holderSystem) throws Exception {
    Lease a = LeaseProvider.get(holderSystem).getLease("test-lease", "pushrec.shard-lease", "owner-a");
    Lease b = LeaseProvider.get(system).getLease("test-lease", "pushrec.shard-lease", "owner-b");

    assertTrue(taken(a.acquire()));
    assertFalse(taken(b.acquire()), "two owners hold one lease");
    assertTrue(taken(a.acquire()), "its holder may take it again");
    assertTrue(a.release().toCompletableFuture().get(10, TimeUnit.SECONDS));
    assertFalse(a.checkLease());
    assertTrue(taken(b.acquire()), "a released lease is free");
    assertTrue(b.release().toCompletableFuture().get(10, TimeUnit.SECONDS));

    assertTrue(taken(a.acquire()));
    Thread.sleep(9_000);
    assertTrue(a.checkLease(), "the holder's renewals kept its belief");
    assertFalse(taken(b.acquire()), "the holder's renewals kept its row, 1.5 times-to-live after taking it");

    holderSystem.terminate();
    holderSystem.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    long died = System.nanoTime();
    awaitTrue(() -> taken(b.acquire()), "a dead holder's lease never expired");
    double waited = (System.nanoTime() - died) / 1e9;
    assertTrue(waited <= 7.5, "free " + waited + " s after its holder died, with a 6 s time to live");
  }

  private static boolean taken(CompletionStage<Boolean> acquired) throws Exception {
    return acquired.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static String event(String eventId, String user) {
    return "{\"eventId\":\"" + eventId + "\",\"userId\":\"" + user + "\",\"type\":\"view\",\"itemId\":\"a\"}";
  }
}
