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
  void thePlainPassRefusesAMatrixWithNaN() {
    assertThrows(IllegalStateException.class, () -> ScoringCost.plainPassMillis(new float[] {1f, Float.NaN, 2f}, 3));
  }
}
