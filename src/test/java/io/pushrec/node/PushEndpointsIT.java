package io.pushrec.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Preferences, profile and the experiment counts on a real node and Cassandra, across a restart. */
class PushEndpointsIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String KEYSPACE = TestNode.uniqueKeyspace("it_push");
  @TempDir static Path dir;
  static Path seedLog;
  static TestNode node;

  @BeforeAll
  static void startNode() throws Exception {
    seedLog = Files.write(dir.resolve("seed.txt"), List.of("u1 a b c", "u2 a b c", "u3 x y z"));
    node = TestNode.start(KEYSPACE, seedLog);
    for (String id : List.of("a", "b", "c", "x", "y", "z")) {
      HttpResponse<String> r = node.put("/v1/items/" + id, "{\"title\":\"Title " + id + "\",\"brand\":\"Acme\"}");
      assertEquals(200, r.statusCode(), r.body());
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (node.node.catalog().get().size() < 6) {
      assertTrue(System.nanoTime() < deadline, "catalogue replica did not reach 6 items");
      Thread.sleep(20);
    }
  }

  @AfterAll
  static void stopNode() {
    if (node != null) node.close();
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  @Test
  void badPreferencesAreRefusedAndChangeNothing() throws Exception {
    HttpResponse<String> bad = node.put("/v1/users/prefs-user/preferences", "{\"language\":\"fr\",\"pushOptOut\":true}");
    assertEquals(400, bad.statusCode());
    assertEquals("language", json(bad).get("field").asText());
    assertEquals(400, node.put("/v1/users/prefs-user/preferences", "{\"timeZone\":\"Nowhere/City\"}").statusCode());
    assertEquals(false, json(node.get("/v1/users/prefs-user/profile")).at("/preferences/pushOptOut").asBoolean());

    HttpResponse<String> ok = node.put("/v1/users/prefs-user/preferences", "{\"pushOptOut\":true,\"timeZone\":\"Asia/Shanghai\"}");
    assertEquals(200, ok.statusCode(), ok.body());
    JsonNode profile = json(node.get("/v1/users/prefs-user/profile"));
    assertTrue(profile.at("/preferences/pushOptOut").asBoolean());
    assertEquals("Asia/Shanghai", profile.at("/preferences/timeZone").asText());
  }

  @Test
  void pushOutcomesAreCountedPerVariantAndSurviveARestart() throws Exception {
    String user = "ab-user";
    postWithRetry("{\"eventId\":\"v1\",\"userId\":\"" + user + "\",\"type\":\"view\",\"itemId\":\"a\"}");
    JsonNode profile = awaitFirstPush(user);
    String variant = profile.get("variant").asText();
    String pushId = profile.at("/recentPushes/0/pushId").asText();
    String item = profile.at("/recentPushes/0/items/0").asText();
    String context = ",\"itemId\":\"" + item + "\",\"context\":{\"pushId\":\"" + pushId + "\"}}";
    postWithRetry("{\"events\":["
        + "{\"eventId\":\"i1\",\"userId\":\"" + user + "\",\"type\":\"impression\"" + context + ","
        + "{\"eventId\":\"c1\",\"userId\":\"" + user + "\",\"type\":\"click\"" + context + "]}");
    String outcome = "";
    for (JsonNode push : json(node.get("/v1/users/" + user + "/profile")).get("recentPushes")) {
      if (push.get("pushId").asText().equals(pushId)) outcome = push.get("outcome").asText();
    }
    assertEquals("clicked", outcome);

    assertEquals(1, awaitClicks(variant, 1).get("impressions").asInt());
    node.close();
    node = TestNode.start(KEYSPACE, seedLog);
    assertEquals(1, awaitClicks(variant, 1).get("impressions").asInt(), "experiment counts are persisted");
  }

  /** The API's contract under load: a timeout is retried with the same event ids, which are never counted twice. */
  static void postWithRetry(String body) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        HttpResponse<String> r = node.post("/v1/events", body);
        if (r.statusCode() == 200) return;
        assertTrue(r.statusCode() == 503 && attempt < 5, r.body());
      } catch (java.net.http.HttpTimeoutException e) {
        assertTrue(attempt < 5, "events still not persisted after " + attempt + " tries");
      }
    }
  }

  /** The user is ranked for a push after the events are acknowledged, so the push follows the answer. */
  static JsonNode awaitFirstPush(String user) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      JsonNode profile = json(node.get("/v1/users/" + user + "/profile"));
      if (!profile.at("/recentPushes/0/pushId").asText().isEmpty()) return profile;
      assertTrue(System.nanoTime() < deadline, "no push for " + user + " within 10 s");
      Thread.sleep(50);
    }
  }

  static JsonNode awaitClicks(String variant, int clicks) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      for (JsonNode v : json(node.get("/v1/experiments")).at("/experiments/0/variants")) {
        if (v.get("name").asText().equals(variant) && v.get("clicks").asInt() == clicks) return v;
      }
      assertTrue(System.nanoTime() < deadline, "experiment never counted " + clicks + " click(s) for " + variant);
      Thread.sleep(50);
    }
  }
}
