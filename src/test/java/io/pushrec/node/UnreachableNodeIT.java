package io.pushrec.node;

import static io.pushrec.node.MultiNodeIT.awaitTrue;
import static io.pushrec.node.MultiNodeIT.awaitUpMembers;
import static io.pushrec.node.MultiNodeIT.event;
import static io.pushrec.node.MultiNodeIT.freePort;
import static io.pushrec.node.MultiNodeIT.json;
import static io.pushrec.node.MultiNodeIT.userEntitiesOn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Down;
import org.junit.jupiter.api.Test;

/**
 * A node that dies without leaving: until the cluster downs it and moves its users, requests for those users get a
 * 503 at once that says why, instead of waiting for the ask timeout, and they change nothing; the client's retry
 * after the move is counted once.
 */
class UnreachableNodeIT {

  @Test
  void requestsForAnUnreachableNodesUsersAreRefusedUntilTheyMoveAndTheRetryCountsOnce() throws Exception {
    String keyspace = TestNode.uniqueKeyspace("it_unreachable");
    int firstPort = freePort();
    List<String> seeds = List.of("pekko://pushrec@127.0.0.1:" + firstPort);
    // The split brain resolver would down the dead node after 20 s (Pekko's default); the test downs it itself.
    try (TestNode first = TestNode.start(keyspace, null, Map.of(
        "pekko.remote.artery.canonical.port", firstPort, "pekko.cluster.seed-nodes", seeds))) {
      TestNode second = TestNode.start(keyspace, null, Map.of(
          "pekko.remote.artery.canonical.port", freePort(), "pekko.cluster.seed-nodes", seeds,
          // Stopping its actor system then skips the cluster leave: the node just disappears, as on kill -9.
          "pekko.coordinated-shutdown.run-by-actor-system-terminate", "off"));
      boolean secondStopped = false;
      try {
        Address secondAddress = Cluster.get(second.node.system()).selfMember().address();
        awaitUpMembers(first.node.system(), 2);

        String user = null;
        for (int u = 0; user == null && u < 100; u++) {
          String candidate = "unreachable-user-" + u;
          assertEquals(200, first.post("/v1/events", event("e-" + u, candidate, "view", "i1")).statusCode());
          if (userEntitiesOn(second).contains(candidate)) user = candidate;
        }
        assertNotNull(user, "none of 100 users started on the second node");
        // Each node learns where the user shards live every 10 s (plus up to 2 s for the answers); wait for a round
        // that has seen this user's shard.
        Thread.sleep(13_000);

        second.close();
        secondStopped = true;
        awaitTrue(() -> !Cluster.get(first.node.system()).state().getUnreachable().isEmpty(),
            "the first node never marked the second unreachable");

        HttpResponse<String> read = first.get("/v1/users/" + user);
        assertEquals(503, read.statusCode(), read.body());
        assertTrue(json(read).get("error").asText().contains("unreachable"), read.body());
        String retried = event("after-death", user, "cart", "i2");
        HttpResponse<String> write = first.post("/v1/events", retried);
        assertEquals(503, write.statusCode(), write.body());
        assertTrue(json(write).get("error").asText().contains("unreachable"), write.body());

        Cluster.get(first.node.system()).manager().tell(new Down(secondAddress));
        String movedUser = user;
        awaitTrue(() -> first.get("/v1/users/" + movedUser).statusCode() == 200, "the user never moved");
        assertEquals(1, json(first.get("/v1/users/" + user)).get("eventCount").asInt(), "the refused event counted");
        assertEquals("{\"accepted\":1,\"duplicates\":0}", first.post("/v1/events", retried).body());
        assertEquals(2, json(first.get("/v1/users/" + user)).get("eventCount").asInt());
      } finally {
        if (!secondStopped) second.close();
      }
    }
  }
}
