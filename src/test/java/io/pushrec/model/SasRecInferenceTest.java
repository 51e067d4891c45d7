package io.pushrec.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.pushrec.core.ItemIndex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The serving encoder computes only the newest position; it must give what the training forward pass gives there. */
class SasRecInferenceTest {
  private static final int ITEMS = 30;
  private static final int DIM = 8;
  private static final int MAX_LENGTH = 6;

  /** Every weight random and of the same order, so each layer, bias and norm shows in the output. */
  private static SasRecModel randomModel(int blocks) {
    SasRecWeights weights = new SasRecWeights(new SasRecConfig(ITEMS, DIM, MAX_LENGTH, blocks, 0.3f));
    Random random = new Random(17 + blocks);
    for (Tensor t : weights.tensors()) {
      for (int i = 0; i < t.value.length; i++) t.value[i] = (float) (random.nextGaussian() * 0.6);
    }
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < ITEMS; i++) ids.add("item-" + i);
    return new SasRecModel(ItemIndex.of(ids), weights, Map.of());
  }

  /** The training forward pass (dropout off) over one sequence, read at its newest position. */
  private static float[] trainingOutput(SasRecModel model, int[] sequence) {
    SasRecEncoder.Batch batch = new SasRecEncoder.Batch(new int[][] {sequence});
    new SasRecEncoder(model.weights()).forward(batch, null);
    return Arrays.copyOfRange(batch.output, (sequence.length - 1) * DIM, sequence.length * DIM);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2})
  void servingEncoderMatchesTheTrainingForwardPass(int blocks) {
    SasRecModel model = randomModel(blocks);
    // Longest first: a shorter history must not see what a longer one left in the reused buffers.
    int[][] histories = {
        {9, 8, 7, 6, 5, 4, 3, 2, 1},
        {11, 12, 13, 14, 15, 16},
        {3},
        {20, 4, 20},
        {-1, 5, 30, 6, 99, 7},
        {1, 2, 3, 4, 5, -7, 6, 7, 1000},
    };
    int[][] windows = {
        {6, 5, 4, 3, 2, 1},
        {11, 12, 13, 14, 15, 16},
        {3},
        {20, 4, 20},
        {5, 6, 7},
        {2, 3, 4, 5, 6, 7},
    };
    for (int h = 0; h < histories.length; h++) {
      assertArrayEquals(trainingOutput(model, windows[h]), model.encode(histories[h]), 2e-5f,
          "blocks " + blocks + ", history " + Arrays.toString(histories[h]));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void aHistoryWithNoKnownItemEncodesToZero(int blocks) {
    SasRecModel model = randomModel(blocks);
    model.encode(new int[] {1, 2, 3});
    assertArrayEquals(new float[DIM], model.encode(new int[0]));
    assertArrayEquals(new float[DIM], model.encode(new int[] {-1, ITEMS}));
  }
}
