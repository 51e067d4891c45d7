package io.pushrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pushrec.node.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `pushrec import` against a real node: a second run, with or without its checkpoint, changes nothing. */
class ImportIT {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.start(TestNode.uniqueKeyspace("it_import"), null);
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
  }

  static int run(String... args) {
    return new CommandLine(new PushrecCli()).execute(args);
  }

  long eventCount(String user) throws Exception {
    return JSON.readTree(node.get("/v1/users/" + user).body()).get("eventCount").asLong();
  }

  @Test
  void importingEventsTwiceIsImportingThemOnce() throws Exception {
    List<String> lines = new ArrayList<>();
    for (int u = 0; u < 30; u++) lines.add("imp-u" + u + " 1 2 3 4 " + (5 + u % 7));
    Path log = Files.write(dir.resolve("log.txt"), lines);
    Path checkpoint = dir.resolve("log.checkpoint");
    String[] args = {"import", "events", log.toString(), "--format", "s3rec", "--batch", "40", "--parallelism", "3",
        "--url", node.baseUrl, "--checkpoint", checkpoint.toString()};

    assertEquals(0, run(args));
    assertEquals(5, eventCount("imp-u0"));
    assertTrue(Files.readString(checkpoint).trim().endsWith(" 4"), "all 4 batches checkpointed");

    assertEquals(0, run(args), "a resumed run with everything checkpointed sends nothing");
    Files.delete(checkpoint);
    assertEquals(0, run(args), "a run from scratch sends everything again");
    assertEquals(5, eventCount("imp-u0"));
    assertEquals(5, eventCount("imp-u29"));
  }

  @Test
  void importingItemsTwiceIsImportingThemOnce() throws Exception {
    Path items = Files.write(dir.resolve("items.jsonl"), List.of(
        "{\"itemId\":\"imp-a\",\"title\":\"Epoxy glue, two parts\",\"categories\":\"Industrial & Scientific Adhesives\",\"brand\":\"Acme\"}",
        "{\"itemId\":\"imp-b\",\"title\":\"Paint brush\",\"brand\":\"Acme\",\"price\":2.5}",
        "{\"itemId\":\"imp-c\",\"title\":\"\"}"));
    String[] args = {"import", "items", items.toString(), "--url", node.baseUrl, "--checkpoint",
        dir.resolve("items.checkpoint").toString()};
    assertEquals(0, run(args));
    Files.delete(dir.resolve("items.checkpoint"));
    assertEquals(0, run(args));
    String a = node.get("/v1/items/imp-a").body();
    assertTrue(a.contains("\"category\":\"Adhesives\""), a);
    assertEquals(404, node.get("/v1/items/imp-c").statusCode(), "an item without a title is skipped");
    String same = "{\"title\":\"Paint brush\",\"brand\":\"Acme\",\"price\":2.5}";
    long version = JSON.readTree(node.put("/v1/items/imp-b", same).body()).get("version").asLong();
    assertTrue(version <= 2, "one upsert and at most its text embedding, not a second upsert: " + version);
  }
}
