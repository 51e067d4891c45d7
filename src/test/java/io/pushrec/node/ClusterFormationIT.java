package io.pushrec.node;

import static io.pushrec.node.MultiNodeIT.awaitTrue;
import static io.pushrec.node.MultiNodeIT.awaitUpMembers;
import static io.pushrec.node.MultiNodeIT.freePort;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pushrec.cluster.MemberRecords;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.Test;

/**
 * A first seed node that dies and comes back while its cluster runs on joins that cluster, even when no configured
 * seed is left to answer. Pekko's own join would have it form a second cluster on the same journal, where both
 * clusters run the same users and overwrite each other's acknowledged events.
 */
class ClusterFormationIT {

  @Test
  void aRestartedFirstSeedJoinsTheRunningClusterInsteadOfFormingItsOwn() throws Exception {
    String keyspace = TestNode.uniqueKeyspace("it_formation");
    Ports ports = Ports.survivorLower();
    Map<String, Object> firstSettings = firstSeed(ports.first(), List.of(address(ports.first())));
    TestNode first = TestNode.start(keyspace, null, firstSettings);
    Address firstAddress = Cluster.get(first.node.system()).selfMember().address();
    try (TestNode second = TestNode.start(keyspace, null, Map.of("pekko.remote.artery.canonical.port", ports.second(),
        "pekko.cluster.seed-nodes", List.of(firstAddress.toString())))) {
      ActorSystem<?> survivor = second.node.system();
      Address secondAddress = Cluster.get(survivor).selfMember().address();
      awaitUpMembers(survivor, 2);
      MemberRecords records = MemberRecords.of(survivor, Duration.ofSeconds(30));
      awaitTrue(() -> records.alive().toCompletableFuture().get(5, TimeUnit.SECONDS)
          .containsAll(List.of(firstAddress, secondAddress)), "the nodes never recorded themselves");

      first.close();
      try (TestNode restarted = TestNode.start(keyspace, null, firstSettings)) {
        awaitUpMembers(restarted.node.system(), 2);
        assertEquals(Set.of(firstAddress, secondAddress), upMembers(restarted.node.system()));
        assertEquals(Set.of(firstAddress, secondAddress), upMembers(survivor));
      }
    }
  }

  @Test
  void aRestartedFirstSeedAsksTheOtherSeedsBeforeFormingSoStaleRecordsDoNotSplitTheCluster() throws Exception {
    String keyspace = TestNode.uniqueKeyspace("it_formation_stale");
    Ports ports = Ports.survivorLower();
    List<String> seeds = List.of(address(ports.first()), address(ports.second()));
    Map<String, Object> firstSettings = firstSeed(ports.first(), seeds);
    TestNode first = TestNode.start(keyspace, null, firstSettings);
    Address firstAddress = Cluster.get(first.node.system()).selfMember().address();
    // The second node records itself once, for 5 s, as a member would whose cluster lost Cassandra for longer than
    // its records' life: it is up and answers, but nothing in Cassandra says so.
    try (TestNode second = TestNode.start(keyspace, null, Map.of("pekko.remote.artery.canonical.port", ports.second(),
        "pekko.cluster.seed-nodes", seeds, "pushrec.cluster-formation.record-interval", "1h",
        "pushrec.cluster-formation.record-time-to-live", "5s"))) {
      ActorSystem<?> survivor = second.node.system();
      Address secondAddress = Cluster.get(survivor).selfMember().address();
      awaitUpMembers(survivor, 2);
      first.close();
      MemberRecords records = MemberRecords.of(survivor, Duration.ofSeconds(30));
      awaitTrue(() -> !records.alive().toCompletableFuture().get(5, TimeUnit.SECONDS).contains(secondAddress),
          "the second node's record never expired");

      try (TestNode restarted = TestNode.start(keyspace, null, firstSettings)) {
        awaitUpMembers(restarted.node.system(), 2);
        assertEquals(Set.of(firstAddress, secondAddress), upMembers(restarted.node.system()));
      }
    }
  }

  /** Remoting ports of the first seed and of the node that survives it. */
  private record Ports(int first, int second) {
    /** The survivor gets the lower port: on a tie, keep-majority keeps the side with the lowest address. */
    static Ports survivorLower() throws IOException {
      int a = freePort();
      int b = freePort();
      return new Ports(Math.max(a, b), Math.min(a, b));
    }
  }

  private static String address(int port) {
    return "pekko://pushrec@127.0.0.1:" + port;
  }

  /** Stopping its actor system skips the cluster leave: the node just disappears, as on kill -9. */
  private static Map<String, Object> firstSeed(int port, List<String> seeds) {
    return Map.of("pekko.remote.artery.canonical.port", port, "pekko.cluster.seed-nodes", seeds,
        "pekko.coordinated-shutdown.run-by-actor-system-terminate", "off");
  }

  private static Set<Address> upMembers(ActorSystem<?> system) {
    return StreamSupport.stream(Cluster.get(system).state().getMembers().spliterator(), false)
        .map(Member::address).collect(Collectors.toSet());
  }
}
