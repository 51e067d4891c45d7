package io.pushrec.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pushrec.node.TestNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The catalogue's promise end to end, as the demo page's "Add an item" form uses it: two nodes form a cluster, a
 * user views a few telescopes, a new item that has nothing but a telescope-like title is PUT on the other node, and
 * it shows up in that user's recommendations served by either node. No projection and no seed log, as in a shop
 * that has not trained anything yet: the new item's only way in is its text, and it has to beat a dozen other
 * never-seen items (a microscope among them) for one of three places.
 */
class NewItemRecommendedIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String KEYSPACE = TestNode.uniqueKeyspace("it_new_item");
  static final int K = 3;
  static final Map<String, String> VIEWED = Map.of(
      "scope-1", "Celestron 70 mm travel telescope with backpack",
      "scope-2", "Reflector telescope 114 mm with equatorial mount",
      "scope-3", "Astronomical telescope for kids and beginners, 50 mm");
  static final Map<String, String> OTHERS = new LinkedHashMap<>();

  static {
    OTHERS.put("gloves", "Nitrile examination gloves, powder free, box of 100");
    OTHERS.put("beaker", "Borosilicate glass beaker 250 ml");
    OTHERS.put("caliper", "Digital caliper 150 mm stainless steel");
    OTHERS.put("glue", "Cyanoacrylate super glue gel 20 g");
    OTHERS.put("ph-strips", "pH test strips 0-14, 100 strips");
    OTHERS.put("solder", "Soldering iron kit 60 W with temperature control");
    OTHERS.put("goggles", "Safety goggles with anti-fog lenses");
    OTHERS.put("pipette-tips", "Laboratory pipette tips 200 ul, 1000 pcs");
    OTHERS.put("multimeter", "Digital multimeter with auto range");
    OTHERS.put("microscope", "Compound microscope 40x-1000x for students");
    OTHERS.put("tape", "Electrical insulating tape, black, 10 rolls");
    OTHERS.put("funnel", "Plastic lab funnel set, 5 sizes");
  }

  static TestNode first;
  static TestNode second;

  @BeforeAll
  static void startCluster() throws Exception {
    first = TestNode.start(KEYSPACE, null, Map.of(), Duration.ofMinutes(4));
    String seed = Cluster.get(first.node.system()).selfMember().address().toString();
    second = TestNode.start(KEYSPACE, null, Map.of("pekko.cluster.seed-nodes", List.of(seed)));
    awaitUp(2);
    // Every item but the new one has a category; the viewed ones share theirs with no other item, so the
    // category-interest part of the base scorer has nothing to add and the ranking is the text's.
    VIEWED.forEach((id, title) -> putOrFail(first, id, title, "Telescopes"));
    OTHERS.forEach((id, title) -> putOrFail(first, id, title, "Lab supplies " + id));
    for (TestNode node : List.of(first, second)) {
      for (String id : VIEWED.keySet()) awaitContentVector(node, id);
      for (String id : OTHERS.keySet()) awaitContentVector(node, id);
    }
  }

  @AfterAll
  static void stopCluster() {
    if (second != null) second.close();
    if (first != null) first.close();
  }

  @Test
  void aTitleOnlyItemPutOnOneNodeIsRecommendedToAViewerOfSimilarItemsByEitherNode() throws Exception {
    String user = "stargazer";
    int n = 0;
    for (String id : VIEWED.keySet()) {
      String event = "{\"eventId\":\"v" + n++ + "\",\"userId\":\"" + user + "\",\"type\":\"view\",\"itemId\":\"" + id + "\"}";
      assertEquals(200, first.post("/v1/events", event).statusCode());
    }
    List<String> before = recommended(first, user);
    assertEquals(K, before.size(), "the user is recommended from the other items before: " + before);

    long sentAt = System.nanoTime();
    CatalogClusterIT.put(second, "new-refractor", "{\"title\":\"Refractor telescope 80 mm for astronomy\"}");
    Map<TestNode, Double> arrivedMs = new LinkedHashMap<>();
    Map<String, List<String>> latest = new LinkedHashMap<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (arrivedMs.size() < 2) {
      for (TestNode via : List.of(second, first)) {
        if (arrivedMs.containsKey(via)) continue;
        latest.put(name(via), recommended(via, user));
        if (latest.get(name(via)).contains("new-refractor")) arrivedMs.put(via, (System.nanoTime() - sentAt) / 1e6);
      }
      assertTrue(arrivedMs.size() == 2 || System.nanoTime() < deadline,
          "the new telescope never reached the telescope viewer's top " + K + " on every node: " + latest);
      Thread.sleep(20);
    }
    List<String> arrivals = new ArrayList<>();
    arrivedMs.forEach((node, ms) -> arrivals.add(String.format("%s %.0f ms", name(node), ms)));
    System.out.println("NEW-ITEM-IN-RECOMMENDATIONS since the PUT: " + String.join(", ", arrivals));
  }

  static List<String> recommended(TestNode via, String user) throws Exception {
    JsonNode body = JSON.readTree(via.get("/v1/users/" + user + "/recommendations?k=" + K).body());
    List<String> ids = new ArrayList<>();
    body.get("items").forEach(item -> ids.add(item.get("itemId").asText()));
    return ids;
  }

  static String name(TestNode node) {
    return node == first ? "first node" : "second node";
  }

  static void putOrFail(TestNode node, String id, String title, String category) {
    try {
      CatalogClusterIT.put(node, id, "{\"title\":\"" + title + "\",\"category\":\"" + category + "\"}");
    } catch (Exception e) {
      throw new AssertionError("PUT " + id, e);
    }
  }

  static void awaitContentVector(TestNode node, String itemId) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (node.node.catalog().get().content().rowOf(itemId) < 0) {
      assertTrue(System.nanoTime() < deadline, itemId + " was never encoded on " + name(node));
      Thread.sleep(50);
    }
  }

  static void awaitUp(int members) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    for (TestNode node : List.of(first, second)) {
      while (CatalogClusterIT.upMembers(node) < members) {
        assertTrue(System.nanoTime() < deadline, "the cluster did not form");
        Thread.sleep(50);
      }
    }
  }
}
