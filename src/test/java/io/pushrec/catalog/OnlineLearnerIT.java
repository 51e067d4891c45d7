package io.pushrec.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushrec.core.CatalogSnapshot;
import io.pushrec.core.VectorTable;
import io.pushrec.node.TestNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node with the online learner enabled: behaviour posted over HTTP reaches the learner singleton through the
 * user entities, and the vectors it learns come back to the node's catalogue replica through the item entities'
 * broadcast; purchases reach the item's sales count.
 */
class OnlineLearnerIT {
  static final String KEYSPACE = TestNode.uniqueKeyspace("it_online");
  static final int ITEMS = 40;
  static final Duration TIMEOUT = Duration.ofSeconds(20);
  static TestNode node;

  @BeforeAll
  static void startNode() throws Exception {
    node = TestNode.start(KEYSPACE, null, Map.of(
        "pushrec.catalog.online-learner.enabled", true,
        "pushrec.catalog.online-learner.learning-rate", 0.2,
        "pushrec.catalog.online-learner.flush-interval", "200ms"), Duration.ofMinutes(4));
    // A trained model's vectors, random here: nothing in them says that B follows A.
    Random random = new Random(3);
    for (int i = 0; i < ITEMS; i++) {
      float[] v = new float[8];
      for (int d = 0; d < v.length; d++) v[d] = (float) random.nextGaussian();
      item("i" + i).tell(new ItemEntity.Observe());
      setVector("i" + i, v);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (node.node.catalog().get().collaborative().size() < ITEMS) {
      assertTrue(System.nanoTime() < deadline, "the replica never held every item's vector");
      Thread.sleep(20);
    }
  }

  /** A new keyspace's first reads can time out on a loaded Cassandra; the entity restarts on the next message. */
  static void setVector(String itemId, float[] vector) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        AskPattern.<ItemEntity.Command, ItemEntity.Saved>ask(item(itemId),
            r -> new ItemEntity.SetCollaborative(vector, "test-model", r), TIMEOUT, node.node.system().scheduler())
            .toCompletableFuture().get(30, TimeUnit.SECONDS);
        return;
      } catch (java.util.concurrent.ExecutionException e) {
        if (attempt == 5) throw e;
      }
    }
  }

  @AfterAll
  static void stopNode() {
    if (node != null) node.close();
  }

  static org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef<ItemEntity.Command> item(String id) {
    return ClusterSharding.get(node.node.system()).entityRefFor(ItemEntity.TYPE_KEY, id);
  }

  static String event(String eventId, String userId, String type, String itemId) {
    return "{\"eventId\":\"" + eventId + "\",\"userId\":\"" + userId + "\",\"type\":\"" + type + "\",\"itemId\":\""
        + itemId + "\"}";
  }

  /** A hundred new users' first writes can outlast the ask timeout on a loaded machine: a 503 is safe to retry. */
  static void post(String body) throws Exception {
    for (int attempt = 1; ; attempt++) {
      HttpResponse<String> r = node.post("/v1/events", body);
      if (r.statusCode() == 200) return;
      assertTrue(r.statusCode() == 503 && attempt < 10, r.statusCode() + " " + r.body());
    }
  }

  /** Where B ranks (0 = first) among all items but A for someone who just viewed A, on the replica. */
  static int rankOfBForAViewers(CatalogSnapshot catalog) {
    VectorTable vectors = catalog.collaborative();
    float[] profile = vectors.vector("i0");
    float b = vectors.dot(vectors.rowOf("i1"), profile);
    int rank = 0;
    for (int r = 0; r < vectors.size(); r++) {
      String id = vectors.idOf(r);
      if (!id.equals("i0") && !id.equals("i1") && vectors.dot(r, profile) > b) rank++;
    }
    return rank;
  }

  @Test
  void usersWhoGoFromAToBMoveBTowardsAViewersOnTheReplica() throws Exception {
    int before = rankOfBForAViewers(node.node.catalog().get());
    long versionBefore = node.node.catalog().get().collaborative()
        .version(node.node.catalog().get().collaborative().rowOf("i1"));
    Random random = new Random(9);
    List<String> events = new ArrayList<>();
    for (int u = 0; u < 100; u++) {
      String user = "ab-" + u;
      events.add(event(user + "-1", user, "view", "i" + (2 + random.nextInt(ITEMS - 2))));
      events.add(event(user + "-2", user, "view", "i0"));
      events.add(event(user + "-3", user, "click", "i1"));
    }
    post("{\"events\":[" + String.join(",", events) + "]}");

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    int after = before;
    while (System.nanoTime() < deadline) {
      CatalogSnapshot catalog = node.node.catalog().get();
      after = rankOfBForAViewers(catalog);
      if (after == 0 && catalog.collaborative().version(catalog.collaborative().rowOf("i1")) > versionBefore) break;
      Thread.sleep(100);
    }
    System.out.printf("ONLINE rank of B for A's viewers on the replica: %d before, %d after%n", before, after);
    assertTrue(before > 3, "B starts away from A's viewers (rank " + before + ")");
    assertEquals(0, after, "B is the first item for A's viewers on the replica (rank before: " + before + ")");
    ItemEntity.State b = AskPattern.<ItemEntity.Command, ItemEntity.State>ask(item("i1"), ItemEntity.Get::new,
        TIMEOUT, node.node.system().scheduler()).toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertTrue(b.collaborative().source().startsWith(OnlineLearner.SOURCE_PREFIX), b.collaborative().source());
  }

  @Test
  void purchasesCountOnceInTheItemsSales() throws Exception {
    String body = "{\"events\":[" + event("p-1", "buyer-1", "purchase", "i5") + ","
        + event("p-2", "buyer-2", "purchase", "i5") + "," + event("p-3", "buyer-2", "view", "i5") + "]}";
    post(body);
    // The same request again (a client retry): the users drop the known event ids, nothing is told twice.
    HttpResponse<String> retry = node.post("/v1/events", body);
    assertTrue(retry.body().contains("\"duplicates\":3"), retry.body());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    long sales = 0;
    while (System.nanoTime() < deadline && sales < 2) {
      sales = AskPattern.<ItemEntity.Command, ItemEntity.State>ask(item("i5"), ItemEntity.Get::new, TIMEOUT,
          node.node.system().scheduler()).toCompletableFuture().get(30, TimeUnit.SECONDS).salesCount();
      Thread.sleep(100);
    }
    Thread.sleep(500);
    assertEquals(2, AskPattern.<ItemEntity.Command, ItemEntity.State>ask(item("i5"), ItemEntity.Get::new, TIMEOUT,
        node.node.system().scheduler()).toCompletableFuture().get(30, TimeUnit.SECONDS).salesCount());
  }
}
