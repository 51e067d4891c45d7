package io.pushrec.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushrec.core.ItemIndex;
import org.junit.jupiter.api.Test;

class ScoringCostTest {
  @Test
  void aSyntheticCatalogueHasTheRequestedSizeAndScoresEveryItem() {
    SasRecModel model = ScoringCost.synthetic(new SasRecConfig(10, 8, 5, 1, 0f), 1_000, 3);
    assertEquals(1_000, model.numItems());
    float[] scores = new float[model.numItems()];
    model.scoreAll(new int[] {1, 2, 3}, scores);
    for (float s : scores) assertTrue(Float.isFinite(s));
    assertTrue(java.util.stream.IntStream.range(0, scores.length).mapToDouble(i -> scores[i]).distinct().count() > 1,
        "random weights give items different scores");
  }

  @Test
  void thePlainPassReadsEveryFloat() {
    // Five columns: one pass of four and the one left over.
    float[] sums = new float[3];
    ScoringCost.plainPass(new float[][] {{1, 2, 3}, {4, 5, 6}, {1, 1, 1}, {0, 0, 1}, {10, 20, 30}}, sums);
    assertArrayEquals(new float[] {16, 28, 41}, sums);
  }

  @Test
  void aMeasurementRefusesAModelWithNaN() {
    SasRecWeights weights = new SasRecWeights(new SasRecConfig(50, 8, 5, 1, 0f));
    weights.initialise(new java.util.Random(3));
    weights.itemEmbeddings.value[7] = Float.NaN;
    SasRecModel model = new SasRecModel(ItemIndex.of(java.util.stream.IntStream.range(0, 50)
        .mapToObj(i -> "s" + i).toList()), weights, java.util.Map.of());
    assertThrows(IllegalStateException.class, () -> ScoringCost.measure(model, 3, 2, 1));
  }
}
