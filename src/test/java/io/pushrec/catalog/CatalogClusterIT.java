package io.pushrec.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushrec.core.RidgeProjection;
import io.pushrec.node.TestNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes (three actor systems in this JVM, one Cassandra keyspace) form a cluster; an item PUT on one must
 * become scorable — in the catalogue replica with a projected collaborative vector — on all of them, and a node
 * that joins later must rebuild the same catalogue before it reports ready. Run with
 * {@code -Dpropagation.updates=1000} for the figure in docs/catalog.md.
 */
class CatalogClusterIT {
  static final int UPDATES = Integer.getInteger("propagation.updates", 30);
  static final int UPDATES_PER_SECOND = Integer.getInteger("propagation.rate", 10);
  @TempDir static Path dir;
  static final String KEYSPACE = TestNode.uniqueKeyspace("it_catalog");
  static final List<TestNode> nodes = new ArrayList<>();
  static Map<String, Object> settings;

  @BeforeAll
  static void startCluster() throws Exception {
    Path projection = dir.resolve("projection.bin");
    randomProjection().save(projection);
    TestNode first = TestNode.start(KEYSPACE, null, Map.of("pushrec.catalog.projection", projection.toString()),
        java.time.Duration.ofMinutes(4));
    nodes.add(first);
    String seed = Cluster.get(first.node.system()).selfMember().address().toString();
    settings = Map.of("pushrec.catalog.projection", projection.toString(), "pekko.cluster.seed-nodes", List.of(seed));
    for (int i = 0; i < 2; i++) nodes.add(TestNode.start(KEYSPACE, null, settings));
    awaitMembers(3);
  }

  @AfterAll
  static void stopCluster() {
    for (int i = nodes.size() - 1; i >= 0; i--) nodes.get(i).close();
  }

  /** Any fixed map from the encoder's 384 dimensions to 8 will do: this test is about propagation, not quality. */
  static RidgeProjection randomProjection() {
    Random random = new Random(1);
    float[][] x = new float[40][384];
    float[][] y = new float[40][8];
    for (float[] r : x) for (int i = 0; i < r.length; i++) r[i] = (float) random.nextGaussian();
    for (float[] r : y) for (int i = 0; i < r.length; i++) r[i] = (float) random.nextGaussian();
    return RidgeProjection.fit(MiniLmTextEncoder.NAME, x, y, 1);
  }

  static void awaitMembers(int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (TestNode node : nodes) {
      while (upMembers(node) < n) {
        assertTrue(System.nanoTime() < deadline, "cluster did not form");
        Thread.sleep(50);
      }
    }
  }

  static int upMembers(TestNode node) {
    int up = 0;
    for (var m : Cluster.get(node.node.system()).state().getMembers()) {
      if (m.status() == org.apache.pekko.cluster.MemberStatus.up()) up++;
    }
    return up;
  }

  static boolean scorable(TestNode node, String itemId) {
    return node.node.catalog().get().collaborative().rowOf(itemId) >= 0;
  }

  /** The first requests of a new cluster wait for shard allocation and may time out: 503 is safe to retry. */
  static void put(TestNode node, String itemId, String body) throws Exception {
    for (int attempt = 1; ; attempt++) {
      int status = node.put("/v1/items/" + itemId, body).statusCode();
      if (status == 200) return;
      assertTrue(status == 503 && attempt < 10, "PUT " + itemId + " answered " + status);
    }
  }

  static void awaitScorable(TestNode node, String itemId) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!scorable(node, itemId)) {
      assertTrue(System.nanoTime() < deadline, itemId + " never became scorable");
      Thread.sleep(20);
    }
  }

  static String body(String title) {
    return "{\"title\":\"" + title + "\",\"category\":\"Adhesives\",\"brand\":\"Acme\"}";
  }

  @Test
  void aNewItemIsScorableOnEveryNodeWithinASecond() throws Exception {
    TestNode writer = nodes.get(0);
    // Warm up: shard allocation, the encoder's model load, the first Cassandra writes are not propagation.
    put(writer, "warm-up", body("Warm-up glue"));
    for (TestNode node : nodes) awaitScorable(node, "warm-up");
    List<String> ids = new ArrayList<>();
    long[] sentAt = new long[UPDATES];
    long[][] seenAt = new long[UPDATES][nodes.size()];
    for (int u = 0; u < UPDATES; u++) ids.add("prop-" + u);
    Thread watcher = new Thread(() -> {
      int remaining = UPDATES * nodes.size();
      while (remaining > 0 && !Thread.currentThread().isInterrupted()) {
        for (int u = 0; u < UPDATES; u++) {
          if (sentAt[u] == 0) continue;
          for (int n = 0; n < nodes.size(); n++) {
            if (seenAt[u][n] == 0 && scorable(nodes.get(n), ids.get(u))) {
              seenAt[u][n] = System.nanoTime();
              remaining--;
            }
          }
        }
        try {
          Thread.sleep(1); // a spinning watcher would take one of the two cores from the nodes it measures
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    watcher.start();
    long interval = TimeUnit.SECONDS.toNanos(1) / UPDATES_PER_SECOND;
    long start = System.nanoTime();
    for (int u = 0; u < UPDATES; u++) {
      long due = start + u * interval;
      while (System.nanoTime() < due) Thread.sleep(1);
      sentAt[u] = System.nanoTime();
      put(writer, ids.get(u), body("Two-part epoxy glue number " + u));
    }
    watcher.join(TimeUnit.SECONDS.toMillis(60));
    watcher.interrupt();
    double[] latencies = new double[UPDATES * nodes.size()];
    int k = 0;
    for (int u = 0; u < UPDATES; u++) {
      for (int n = 0; n < nodes.size(); n++) {
        assertTrue(seenAt[u][n] != 0, ids.get(u) + " never became scorable on node " + n);
        latencies[k++] = (seenAt[u][n] - sentAt[u]) / 1e6;
      }
    }
    Arrays.sort(latencies);
    double p50 = latencies[latencies.length / 2];
    double p99 = latencies[(int) Math.ceil(latencies.length * 0.99) - 1];
    System.out.printf("PROPAGATION updates=%d rate=%d/s nodes=%d p50=%.0f ms p99=%.0f ms max=%.0f ms%n",
        UPDATES, UPDATES_PER_SECOND, nodes.size(), p50, p99, latencies[latencies.length - 1]);
    // The target is 1 s; the bound here leaves room for a loaded CI machine, the printed p99 is the figure.
    assertTrue(p99 < 5_000, "p99 " + p99 + " ms");
  }

  @Test
  void aNodeThatJoinsLateRebuildsTheCatalogueThenFollows() throws Exception {
    TestNode writer = nodes.get(0);
    for (int i = 0; i < 5; i++) put(writer, "late-" + i, body("Wood glue " + i));
    for (int i = 0; i < 5; i++) awaitScorable(writer, "late-" + i);
    Thread.sleep(1500); // past the journal's eventual-consistency delay for tagged events
    try (TestNode late = TestNode.start(KEYSPACE, null, settings)) {
      for (int i = 0; i < 5; i++) {
        assertTrue(scorable(late, "late-" + i), "late-" + i + " missing from the rebuilt replica");
        assertEquals(writer.node.catalog().get().collaborative().version(
                writer.node.catalog().get().collaborative().rowOf("late-" + i)),
            late.node.catalog().get().collaborative().version(late.node.catalog().get().collaborative().rowOf("late-" + i)));
      }
      put(writer, "after-join", body("Super glue gel"));
      awaitScorable(late, "after-join");
    }
  }
}
