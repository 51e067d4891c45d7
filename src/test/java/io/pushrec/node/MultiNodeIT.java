package io.pushrec.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pushrec.user.UserEntity;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes in one JVM forming one cluster on one keyspace, as the Pekko multi-node guides do: users spread over
 * both nodes, a user's pushes reach a socket held by the other node than the one running the user, and a node that
 * leaves hands its users over with all their events.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiNodeIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String KEYSPACE = TestNode.uniqueKeyspace("it_cluster");
  static final int USERS = 40;
  static final List<String> ITEMS = List.of("a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8",
      "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8");
  @TempDir static Path dir;
  static TestNode first;
  static TestNode second;

  @BeforeAll
  static void startCluster() throws Exception {
    List<String> lines = new ArrayList<>();
    // Two groups of items bought together; a push holds 6 items, so a new interest in the other group is pushed.
    for (int u = 0; u < 6; u++) lines.add("u" + u + " " + String.join(" ", ITEMS.subList(0, 8)));
    for (int u = 6; u < 12; u++) lines.add("u" + u + " " + String.join(" ", ITEMS.subList(8, 16)));
    Path seedLog = Files.write(dir.resolve("seed.txt"), lines);
    int firstPort = freePort();
    String seed = "pekko://pushrec@127.0.0.1:" + firstPort;
    // Pushes of whole item groups: the diversity rule would otherwise mix both groups into every push, and a new
    // interest would not change enough of it to be pushed again.
    // Fixed HTTP ports: a node announces its address for the routing table only if it knows its port before binding.
    first = TestNode.start(KEYSPACE, seedLog, Map.of("pushrec.push.max-per-category", 6, "pushrec.http.port", freePort(),
        "pekko.remote.artery.canonical.port", firstPort, "pekko.cluster.seed-nodes", List.of(seed)));
    second = TestNode.start(KEYSPACE, seedLog, Map.of("pushrec.push.max-per-category", 6, "pushrec.http.port", freePort(),
        "pekko.remote.artery.canonical.port", freePort(), "pekko.cluster.seed-nodes", List.of(seed)));
    awaitUpMembers(first.node.system(), 2);
    for (String id : ITEMS) {
      String category = id.startsWith("a") ? "glue" : "paint";
      assertEquals(200, first.put("/v1/items/" + id, "{\"title\":\"Title " + id + "\",\"category\":\"" + category + "\"}")
          .statusCode());
    }
    awaitTrue(() -> second.node.catalog().get().size() == ITEMS.size(), "the second node's catalogue did not follow");
  }

  @AfterAll
  static void stopCluster() {
    if (second != null) second.close();
    if (first != null) first.close();
  }

  @Test
  @Order(1)
  void usersSpreadOverBothNodesAndAnyNodeAnswersForAnyUser() throws Exception {
    for (int u = 0; u < USERS; u++) {
      TestNode via = u % 2 == 0 ? first : second;
      assertEquals(200, via.post("/v1/events", event("spread-" + u, "spread-user-" + u, "view", "a1")).statusCode());
    }
    Set<String> onFirst = userEntitiesOn(first);
    Set<String> onSecond = userEntitiesOn(second);
    assertTrue(onFirst.size() > 0 && onSecond.size() > 0, "users on first: " + onFirst + ", on second: " + onSecond);
    Set<String> all = new HashSet<>(onFirst);
    all.addAll(onSecond);
    assertTrue(all.size() >= USERS, "every user runs on exactly one of the nodes");
    assertEquals(onFirst.size() + onSecond.size(), all.size(), "a user ran on both nodes");
    for (int u = 0; u < USERS; u++) {
      TestNode via = u % 2 == 0 ? second : first;
      assertEquals(1, json(via.get("/v1/users/spread-user-" + u)).get("eventCount").asInt());
    }
    JsonNode shards = json(second.get("/v1/admin/shards")).get("users");
    assertEquals(2, shards.size(), "an operator sees both nodes holding user shards: " + shards);
    shards.forEach(count -> assertTrue(count.asInt() > 0, "shards per node: " + shards));
  }

  /** Once the users are spread, one request for all of them goes to the other node's users in one message. */
  @Test
  @Order(2)
  void aRequestForUsersOnBothNodesRecordsEveryUsersEventsOnce() throws Exception {
    for (TestNode via : List.of(first, second)) {
      String events = java.util.stream.IntStream.range(0, USERS)
          .mapToObj(u -> event("both-" + via.node.httpPort() + "-" + u, "spread-user-" + u, "cart", "a2"))
          .collect(java.util.stream.Collectors.joining(",", "{\"events\":[", "]}"));
      JsonNode answer = json(via.post("/v1/events", events));
      assertEquals(USERS, answer.get("accepted").asInt());
      assertEquals(0, answer.get("duplicates").asInt());
      assertEquals(USERS, json(via.post("/v1/events", events)).get("duplicates").asInt(), "a retried request");
    }
    for (int u = 0; u < USERS; u++) {
      assertEquals(3, json(first.get("/v1/users/spread-user-" + u)).get("eventCount").asInt());
    }
  }

  /** A shard-aware client asks either node where the users live and finds each at the node that runs it. */
  @Test
  @Order(3)
  void eitherNodesRoutingTableNamesTheNodeThatRunsEachUser() throws Exception {
    Set<String> onFirst = userEntitiesOn(first);
    for (TestNode via : List.of(first, second)) {
      // The table follows sharding's statistics, which each node asks for every 10 s.
      awaitTrue(() -> {
        JsonNode table = json(via.get("/v1/routing"));
        for (int u = 0; u < USERS; u++) {
          if (table.get("shards").get(shardOf("spread-user-" + u, table)).isNull()) return false;
        }
        return true;
      }, "the routing table of " + via.baseUrl + " did not come to know every user's shard");
      JsonNode table = json(via.get("/v1/routing"));
      Set<String> nodes = new HashSet<>();
      table.get("nodes").forEach(url -> nodes.add(url.asText()));
      assertEquals(Set.of(first.baseUrl, second.baseUrl), nodes);
      for (int u = 0; u < USERS; u++) {
        String user = "spread-user-" + u;
      String retried = event("spread-" + u, user, "view", "a1");
        assertEquals(onFirst.contains(user) ? first.baseUrl : second.baseUrl,
            table.get("shards").get(shardOf(user, table)).asText(), user);
      }
    }
  }

  /** The formula the table documents for clients. */
  static int shardOf(String userId, JsonNode table) {
    return Math.abs(userId.hashCode()) % table.get("numberOfShards").asInt();
  }

  /** The user is ranked for a push after the event is acknowledged, so the push follows the answer. */
  static String awaitLastPushId(TestNode node, String user) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      String pushId = json(node.get("/v1/users/" + user)).get("lastPushId").asText();
      if (!pushId.isEmpty()) return pushId;
      assertTrue(System.nanoTime() < deadline, "no push for " + user + " within 10 s");
      Thread.sleep(50);
    }
  }

  @Test
  @Order(4)
  void aPushReachesASocketOnTheOtherNodeAndAReconnectingSocketCatchesUp() throws Exception {
    String user = "remote-push-user";
    assertEquals(200, first.post("/v1/events", event("rp-0", user, "view", "a1")).statusCode());
    TestNode home = userEntitiesOn(first).contains(user) ? first : second;
    TestNode away = home == first ? second : first;
    String lastPushId = awaitLastPushId(home, user);
    Set<String> firstPush;
    try (TestNode.PushSocket fresh = away.openPushSocket(user)) {
      String latest = fresh.next("recommendations", Duration.ofSeconds(5));
      assertNotNull(latest, "a new socket was not sent the user's latest push");
      firstPush = itemIds(latest);
    }

    try (TestNode.PushSocket socket = away.openPushSocket(user, "?lastPushId=" + lastPushId)) {
      assertNotNull(socket.next("hello", Duration.ofSeconds(5)));
      assertNull(socket.next("recommendations", Duration.ofMillis(700)), "an up-to-date socket got a push again");
      assertEquals(200, home.post("/v1/events", event("rp-1", user, "cart", "x1")).statusCode());
      String push = socket.next("recommendations", Duration.ofSeconds(5));
      assertNotNull(push, "the push did not cross from the user's node to the socket's node");
      assertEquals(user, JSON.readTree(push).get("userId").asText());
      // The first push may already hold some of x1's group (the fusion ranks a few x items for a1 too), and the
      // repeat window keeps those out of this one.
      Set<String> groupNotPushed = new HashSet<>(ITEMS.subList(9, 16));
      groupNotPushed.removeAll(firstPush);
      Set<String> pushed = itemIds(push);
      pushed.retainAll(ITEMS.subList(9, 16));
      assertEquals(Math.min(6, groupNotPushed.size()), pushed.size(), "the push follows the new interest in x1: "
          + push + " after " + firstPush);
      assertTrue(groupNotPushed.containsAll(pushed), "items pushed again: " + push + " after " + firstPush);
    }

    String latest = json(away.get("/v1/users/" + user)).get("lastPushId").asText();
    assertTrue(!latest.equals(lastPushId) && !lastPushId.isEmpty(), lastPushId + " then " + latest);
    try (TestNode.PushSocket reconnected = away.openPushSocket(user, "?lastPushId=" + lastPushId)) {
      String resent = reconnected.next("recommendations", Duration.ofSeconds(5));
      assertNotNull(resent, "a socket that missed a push was not sent the latest one on connecting");
      assertEquals(latest, JSON.readTree(resent).get("pushId").asText());
    }
  }

  @Test
  @Order(5)
  void whenANodeLeavesItsUsersMoveWithAllTheirEvents() throws Exception {
    Set<String> moving = userEntitiesOn(second);
    assertTrue(moving.stream().anyMatch(u -> u.startsWith("spread-user-")), "the second node ran none of the users");
    second.close(); // a graceful leave, as in a rolling restart: its shards are handed over
    second = null;
    // Not just "one node Up": a leaving node is no longer Up while it still hands its shards over.
    awaitTrue(() -> Cluster.get(first.node.system()).state().members().size() == 1, "the second node did not leave");
    for (int u = 0; u < USERS; u++) {
      String user = "spread-user-" + u;
      String retried = event("spread-" + u, user, "view", "a1");
      assertEquals(3, json(retryingWhileUnavailable(() -> first.get("/v1/users/" + user))).get("eventCount").asInt(),
          user);
      assertEquals("{\"accepted\":0,\"duplicates\":1}", retryingWhileUnavailable(
          () -> first.post("/v1/events", retried)).body(), "a retry after the move");
    }
  }

  /**
   * A request as a client sends it: a 503 says "retry shortly", which a request may meet while a user's shard is
   * between nodes. Anything else, or a 503 that lasts 15 s, is the answer.
   */
  static HttpResponse<String> retryingWhileUnavailable(Callable<HttpResponse<String>> request) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (true) {
      HttpResponse<String> response = request.call();
      if (response.statusCode() != 503 || System.nanoTime() > deadline) return response;
      Thread.sleep(200);
    }
  }

  static Set<String> itemIds(String push) throws IOException {
    Set<String> ids = new HashSet<>();
    JSON.readTree(push).get("items").forEach(item -> ids.add(item.get("itemId").asText()));
    return ids;
  }

  static Set<String> userEntitiesOn(TestNode node) throws Exception {
    ActorSystem<Void> system = node.node.system();
    ShardRegion.CurrentShardRegionState state = AskPattern.<ClusterShardingQuery, ShardRegion.CurrentShardRegionState>ask(
            ClusterSharding.get(system).shardState(),
            replyTo -> new GetShardRegionState(UserEntity.TYPE_KEY, replyTo), Duration.ofSeconds(5), system.scheduler())
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    Set<String> users = new HashSet<>();
    state.getShards().forEach(shard -> users.addAll(shard.getEntityIds()));
    return users;
  }

  static void awaitUpMembers(ActorSystem<?> system, int count) throws InterruptedException {
    awaitTrue(() -> {
      int up = 0;
      for (var m : Cluster.get(system).state().getMembers()) if (m.status() == MemberStatus.up()) up++;
      return up == count;
    }, "the cluster did not reach " + count + " members");
  }

  interface Check {
    boolean holds() throws Exception;
  }

  static void awaitTrue(Check check, String message) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        if (check.holds()) return;
      } catch (Exception e) {
        // not yet
      }
      assertTrue(System.nanoTime() < deadline, message);
      Thread.sleep(100);
    }
  }

  static String event(String eventId, String userId, String type, String itemId) {
    return "{\"eventId\":\"" + eventId + "\",\"userId\":\"" + userId + "\",\"type\":\"" + type + "\",\"itemId\":\""
        + itemId + "\"}";
  }

  static JsonNode json(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body());
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
