package io.pushrec.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pushrec.core.FusionTraining;
import io.pushrec.core.LeaveOneOutSplit;
import io.pushrec.core.SequenceDataset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node scores with the newest trained model at start and switches to a newer one on reload, without a restart. */
class ModelReloadIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final int ITEMS = 12;

  /** Users walk item k to k+step around a cycle, so the model's favourite after "c3" is "c(3+step)". */
  static void trainCycleModel(Path dir, int step) throws Exception {
    Map<String, List<String>> byUser = new LinkedHashMap<>();
    for (int u = 0; u < 300; u++) {
      List<String> seq = new ArrayList<>();
      for (int i = 0, item = u % ITEMS; i < 6; i++, item = (item + step) % ITEMS) seq.add("c" + item);
      byUser.put("u" + u, seq);
    }
    FusionTraining.buildTuneAndSave(new LeaveOneOutSplit(SequenceDataset.of(byUser)), Map.of(), dir, line -> { });
  }

  static String topAfterViewing(TestNode node, String user, String item) throws Exception {
    node.post("/v1/events", "{\"eventId\":\"" + user + "\",\"userId\":\"" + user + "\",\"type\":\"view\",\"itemId\":\""
        + item + "\"}");
    JsonNode recs = JSON.readTree(node.get("/v1/users/" + user + "/recommendations?k=1").body());
    return recs.get("items").get(0).get("itemId").asText();
  }

  @Test
  void theNewestModelIsServedAndAReloadSwitchesToANewerOne(@TempDir Path models) throws Exception {
    trainCycleModel(models.resolve("20260101-000000"), 1);
    try (TestNode node = TestNode.start(TestNode.uniqueKeyspace("it_model"), null,
        Map.of("pushrec.model-dir", models.toString()))) {
      for (int i = 0; i < ITEMS; i++) node.put("/v1/items/c" + i, "{\"title\":\"Cycle item " + i + "\"}");
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (node.node.catalog().get().size() < ITEMS) {
        assertTrue(System.nanoTime() < deadline, "catalogue not loaded");
        Thread.sleep(20);
      }
      assertEquals("c4", topAfterViewing(node, "before-reload", "c3"));

      trainCycleModel(models.resolve("20260102-000000"), 2);
      var reloaded = node.post("/v1/admin/models/reload", "");
      assertEquals(200, reloaded.statusCode(), reloaded.body());
      assertEquals("20260102-000000", JSON.readTree(reloaded.body()).get("version").asText());
      assertEquals("c5", topAfterViewing(node, "after-reload", "c3"));
    }
  }
}
