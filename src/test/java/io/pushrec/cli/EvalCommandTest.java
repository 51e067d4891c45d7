package io.pushrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pushrec.core.FusionTraining;
import io.pushrec.core.InteractionLog;
import io.pushrec.core.LeaveOneOutSplit;
import io.pushrec.core.SequenceDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EvalCommandTest {
  static final List<String> METRICS = List.of("HR@1", "HR@5", "HR@10", "NDCG@5", "NDCG@10", "MRR", "coverage@10");

  @TempDir
  Path dir;

  /**
   * A log like the ones the evaluator meets in the wild: ids up to 10^6, users from one event (training
   * only) to 500, and a planted next-item cycle that a sequence-aware method should find.
   */
  static List<List<String>> log() {
    Random random = new Random(8);
    String[] items = new String[60];
    for (int i = 0; i < items.length; i++) items[i] = Integer.toString(1 + random.nextInt(1_000_000));
    List<List<String>> users = new ArrayList<>();
    for (int u = 0; u < 160; u++) {
      int length = u == 0 ? 500 : u % 10 == 1 ? 1 + (u / 10) % 2 : 3 + random.nextInt(10);
      int item = random.nextInt(items.length);
      List<String> seq = new ArrayList<>();
      for (int i = 0; i < length; i++) {
        seq.add(items[item]);
        item = random.nextDouble() < 0.15 ? random.nextInt(items.length) : (item + 1) % items.length;
      }
      users.add(seq);
    }
    return users;
  }

  Path write(String name, InteractionLog.Format format) throws IOException {
    StringBuilder text = new StringBuilder();
    List<List<String>> users = log();
    for (int u = 0; u < users.size(); u++) {
      String user = Integer.toString(999_000 + u);
      if (format == InteractionLog.Format.S3REC) {
        text.append(user).append(' ').append(String.join(" ", users.get(u))).append('\n');
      } else {
        for (String item : users.get(u)) text.append(user).append(' ').append(item).append('\n');
      }
    }
    return Files.writeString(dir.resolve(name), text);
  }

  JsonNode eval(String... args) throws IOException {
    Path json = dir.resolve("out-" + System.nanoTime() + ".json");
    List<String> all = new ArrayList<>(List.of("eval"));
    all.addAll(List.of(args));
    all.addAll(List.of("--json", json.toString()));
    assertEquals(0, new CommandLine(new PushrecCli()).execute(all.toArray(String[]::new)));
    return new ObjectMapper().readTree(json.toFile());
  }

  @Test
  void allMethodsOnBothFormatsWithReport() throws IOException {
    Path html = dir.resolve("report.html");
    JsonNode s3rec = eval("--data", write("log.s3rec", InteractionLog.Format.S3REC).toString(), "--format", "s3rec",
        "--protocol", "full", "--method", "all", "--report", html.toString());
    assertEquals(List.of("popularity", "covisitation", "itemknn", "fusion"), names(s3rec));
    for (JsonNode method : s3rec) {
      for (String key : METRICS) assertTrue(method.has(key), key);
      assertEquals(144, method.get("users").asInt(), "users with three or more events");
      assertTrue(method.has("seconds"));
    }
    assertTrue(s3rec.get("fusion").get("HR@10").asDouble() > s3rec.get("popularity").get("HR@10").asDouble() + 0.3);
    String report = Files.readString(html);
    assertEquals(METRICS.size(), report.split("<svg").length - 1, "one chart per metric");
    assertTrue(report.contains("covisitation") && !report.contains("<script"));

    // The same log in the other format: co-visitation depends on every user's order, so equal numbers mean equal reading.
    JsonNode sasrec = eval("--data", write("log.sasrec", InteractionLog.Format.SASREC).toString(), "--format", "sasrec",
        "--protocol", "full", "--method", "covisitation");
    for (String key : METRICS) {
      assertEquals(s3rec.get("covisitation").get(key).asDouble(), sasrec.get("covisitation").get(key).asDouble(), 1e-12);
    }
  }

  @Test
  void aSavedModelScoresAsTheFusionItWasBuiltAs() throws IOException {
    Path data = write("log.txt", InteractionLog.Format.S3REC);
    Path modelDir = dir.resolve("model");
    FusionTraining.buildTuneAndSave(new LeaveOneOutSplit(SequenceDataset.read(data, InteractionLog.Format.S3REC)),
        Map.of(), modelDir, line -> {});
    JsonNode onlyModel = eval("--data", data.toString(), "--format", "s3rec", "--protocol", "sampled100",
        "--model", modelDir.toString());
    assertEquals(List.of("model"), names(onlyModel));
    JsonNode fusion = eval("--data", data.toString(), "--format", "s3rec", "--protocol", "sampled100", "--method", "fusion");
    for (String key : METRICS) {
      assertEquals(fusion.get("fusion").get(key).asDouble(), onlyModel.get("model").get(key).asDouble(), 1e-12, key);
    }
  }

  @Test
  void badOptionsAreRejectedWithoutAStackTrace() throws IOException {
    Path data = write("log.txt", InteractionLog.Format.S3REC);
    CommandLine cli = new CommandLine(new PushrecCli());
    assertEquals(2, cli.execute("eval", "--data", data.toString(), "--format", "csv", "--protocol", "full"));
    assertEquals(2, cli.execute("eval", "--data", data.toString(), "--format", "s3rec", "--protocol", "full",
        "--method", "sasrec"));
  }

  static List<String> names(JsonNode json) {
    List<String> out = new ArrayList<>();
    json.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
