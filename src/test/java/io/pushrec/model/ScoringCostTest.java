package io.pushrec.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    float[] matrix = new float[19];
    for (int i = 0; i < matrix.length; i++) matrix[i] = i + 1;
    assertEquals(190f, ScoringCost.plainPass(matrix));
  }

  @Test
  void aMeasurementRefusesAModelWithNaN() {
    SasRecModel model = ScoringCost.synthetic(new SasRecConfig(10, 8, 5, 1, 0f), 50, 3);
    model.weights().itemEmbeddings.value[7] = Float.NaN;
    assertThrows(IllegalStateException.class, () -> ScoringCost.measure(model, 3, 2, 1));
  }
}
