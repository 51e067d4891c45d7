package io.pushrec.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.pushrec.core.ItemIndex;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SasRecModelTest {
  private static final int ITEMS = 30;

  private static SasRecModel randomModel() {
    SasRecWeights weights = new SasRecWeights(new SasRecConfig(ITEMS, 8, 6, 2, 0.3f));
    weights.initialise(new Random(5));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < ITEMS; i++) ids.add("item-" + (1000 + i));
    return new SasRecModel(ItemIndex.of(ids), weights, Map.of("note", "test"));
  }

  @Test
  void savedAndLoadedModelScoresIdentically(@TempDir Path dir) throws Exception {
    SasRecModel model = randomModel();
    model.save(dir);
    SasRecModel loaded = SasRecModel.load(dir);
    assertEquals(model.config(), loaded.config());
    assertEquals(model.items().ids(), loaded.items().ids());
    for (int[] history : new int[][] {{3}, {1, 2, 3, 4, 5, 6, 7, 8, 9}, {29, 0, 29}}) {
      float[] expected = new float[ITEMS];
      float[] actual = new float[ITEMS];
      model.scoreAll(history, expected);
      loaded.scoreAll(history, actual);
      assertArrayEquals(expected, actual);
    }
  }

  @Test
  void laterItemsDoNotChangeEarlierPositions() {
    SasRecModel model = randomModel();
    SasRecEncoder encoder = new SasRecEncoder(model.weights());
    SasRecEncoder.Batch a = new SasRecEncoder.Batch(new int[][] {{4, 9, 2, 7}});
    SasRecEncoder.Batch b = new SasRecEncoder.Batch(new int[][] {{4, 9, 2, 15}});
    encoder.forward(a, null);
    encoder.forward(b, null);
    int d = model.config().dim();
    assertArrayEquals(Arrays.copyOf(a.output, 3 * d), Arrays.copyOf(b.output, 3 * d));
    assertFalse(Arrays.equals(Arrays.copyOfRange(a.output, 3 * d, 4 * d), Arrays.copyOfRange(b.output, 3 * d, 4 * d)),
        "the changed last item must change the last position");
  }

  @Test
  void encodingSeesOnlyTheLastMaxLengthItems() {
    SasRecModel model = randomModel();
    assertArrayEquals(model.encode(new int[] {1, 2, 3, 4, 5, 6}), model.encode(new int[] {20, 21, 1, 2, 3, 4, 5, 6}));
  }

  @Test
  void batchAndSingleEncodingAgree() {
    SasRecModel model = randomModel();
    SasRecEncoder encoder = new SasRecEncoder(model.weights());
    SasRecEncoder.Batch batch = new SasRecEncoder.Batch(new int[][] {{7, 8}, {1, 2, 3}});
    encoder.forward(batch, null);
    int d = model.config().dim();
    assertArrayEquals(model.encode(new int[] {1, 2, 3}), Arrays.copyOfRange(batch.output, 4 * d, 5 * d), 1e-6f);
  }

  @Test
  void scoreAllIsTheDotProductWithEveryItemEmbeddingForAnyShape() {
    // An odd width and an item count that is not a multiple of four reach every remainder of the loop.
    for (int dim : new int[] {5, 8}) {
      SasRecWeights weights = new SasRecWeights(new SasRecConfig(ITEMS + 1, dim, 4, 1, 0f));
      weights.initialise(new Random(dim));
      List<String> ids = new ArrayList<>();
      for (int i = 0; i <= ITEMS; i++) ids.add("i" + i);
      SasRecModel model = new SasRecModel(ItemIndex.of(ids), weights, Map.of());
      float[] user = model.encode(new int[] {2, 7, 11});
      float[] scores = new float[ITEMS + 1];
      model.scoreAll(user, scores);
      for (int i = 0; i <= ITEMS; i++) {
        double expected = 0;
        for (int t = 0; t < dim; t++) expected += (double) user[t] * weights.itemEmbeddings.value[i * dim + t];
        assertEquals(expected, scores[i], 1e-5, "item " + i + ", dim " + dim);
      }
    }
  }
}
