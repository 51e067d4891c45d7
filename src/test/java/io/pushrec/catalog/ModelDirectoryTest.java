package io.pushrec.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pushrec.core.FusionModel;
import io.pushrec.core.FusionTraining;
import io.pushrec.core.LeaveOneOutSplit;
import io.pushrec.core.SequenceDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDirectoryTest {
  private static LeaveOneOutSplit split;
  private static FusionModel trained;

  /** Shoppers who walk a catalogue of 30 items in order from a random start. */
  @BeforeAll
  static void train() {
    Random random = new Random(5);
    Map<String, List<String>> byUser = new LinkedHashMap<>();
    for (int u = 0; u < 150; u++) {
      List<String> items = new ArrayList<>();
      int start = random.nextInt(30);
      for (int i = 0; i < 4 + random.nextInt(6); i++) items.add("i" + (start + i) % 30);
      byUser.put("u" + u, items);
    }
    split = new LeaveOneOutSplit(SequenceDataset.of(byUser));
    trained = FusionTraining.buildAndTune(split, Map.of(), 1, line -> {}).model();
  }

  @Test
  void theNewestCompleteVersionIsServed(@TempDir Path root) throws IOException {
    trained.save(root.resolve("pushrec-20261127-010000"));
    trained.save(root.resolve("pushrec-20261127-020000"));
    // A version still being written has no fusion.json yet (it is written last).
    Files.createDirectories(root.resolve("pushrec-20261127-030000"));
    assertEquals("pushrec-20261127-020000", new ModelDirectory(root).newestVersion().orElseThrow());
  }

  @Test
  void aServedModelScoresExactlyAsTheTrainedOne(@TempDir Path root) throws IOException {
    trained.save(root.resolve("v1"));
    FusionModel served = new ModelDirectory(root).load("v1");
    float[] expected = new float[trained.numItems()];
    float[] actual = new float[served.numItems()];
    for (int u = 0; u < split.data().numUsers(); u += 5) {
      trained.scoreAll(split.testHistory(u), expected);
      served.scoreAll(split.testHistory(u), actual);
      assertArrayEquals(expected, actual, 0f, "user " + u + ": the warm-up before serving leaves no trace");
    }
  }

  @Test
  void aVersionOutsideTheRootIsRefused(@TempDir Path root) throws IOException {
    trained.save(root.resolve("models").resolve("v1"));
    trained.save(root.resolve("elsewhere"));
    ModelDirectory models = new ModelDirectory(root.resolve("models"));
    assertThrows(IOException.class, () -> models.load("../elsewhere"));
    assertThrows(IOException.class, () -> models.load("v2"));
  }
}
