package io.pushrec.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The hand-written backward pass against central finite differences on a tiny network. */
class SasRecGradientTest {
  private static final int ITEMS = 9;
  private static final int[][] SEQUENCES = {{1, 4, 2, 7, 3}, {5, 0, 8}, {6, 2}};

  @Test
  void fullSoftmaxGradientsMatchFiniteDifferences() {
    checkGradients(100);
  }

  @Test
  void sampledSoftmaxGradientsMatchFiniteDifferences() {
    checkGradients(4);
  }

  private void checkGradients(int negatives) {
    SasRecWeights weights = new SasRecWeights(new SasRecConfig(ITEMS, 6, 5, 2, 0.25f));
    Random init = new Random(3);
    weights.initialise(init);
    // Non-trivial norms and biases, so their gradients are exercised too.
    for (Tensor t : weights.tensors()) {
      if (!t.decays) for (int i = 0; i < t.size(); i++) t.value[i] += (float) (0.3 * init.nextGaussian());
    }
    long[] counts = {5, 1, 2, 8, 1, 3, 1, 1, 2};
    SoftmaxLoss loss = new SoftmaxLoss(weights.itemEmbeddings, 6, negatives, counts, 0.5);
    boolean[] touched = new boolean[ITEMS];
    lossOf(weights, loss, touched, true);
    float[][] analytic = new float[weights.tensors().size()][];
    for (int i = 0; i < analytic.length; i++) analytic[i] = weights.tensors().get(i).grad.clone();

    double eps = 2e-3;
    int checked = 0;
    for (int ti = 0; ti < analytic.length; ti++) {
      Tensor t = weights.tensors().get(ti);
      for (int i = 0; i < t.size(); i += Math.max(1, t.size() / 3)) {
        float original = t.value[i];
        t.value[i] = (float) (original + eps);
        double plus = lossOf(weights, loss, touched, false);
        t.value[i] = (float) (original - eps);
        double minus = lossOf(weights, loss, touched, false);
        t.value[i] = original;
        double numeric = (plus - minus) / (2 * eps);
        double tolerance = 2e-4 + 1e-2 * Math.abs(numeric);
        assertEquals(numeric, analytic[ti][i], tolerance, t.name + "[" + i + "]");
        checked++;
      }
    }
    assertTrue(checked > 60, "checked " + checked + " parameters");
  }

  /** The loss with the same dropout masks and negatives every call, so it is a smooth function of the weights. */
  private static double lossOf(SasRecWeights weights, SoftmaxLoss loss, boolean[] touched, boolean backward) {
    for (Tensor t : weights.tensors()) java.util.Arrays.fill(t.grad, 0f);
    SasRecEncoder encoder = new SasRecEncoder(weights);
    int[][] inputs = new int[SEQUENCES.length][];
    int rows = 0;
    for (int s = 0; s < SEQUENCES.length; s++) {
      inputs[s] = java.util.Arrays.copyOf(SEQUENCES[s], SEQUENCES[s].length - 1);
      rows += inputs[s].length;
    }
    int[] targets = new int[rows];
    int r = 0;
    for (int[] s : SEQUENCES) for (int i = 1; i < s.length; i++) targets[r++] = s[i];
    SplittableRandom random = new SplittableRandom(11);
    SasRecEncoder.Batch batch = new SasRecEncoder.Batch(inputs);
    encoder.forward(batch, random);
    float[] dOutput = new float[rows * weights.config.dim()];
    double value = loss.lossAndGradient(batch.output, targets, dOutput, touched, random);
    if (backward) encoder.backward(batch, dOutput, touched);
    return value;
  }

  @Test
  void twoThreadGradientsEqualOneThread() {
    SasRecWeights weights = new SasRecWeights(new SasRecConfig(ITEMS, 6, 5, 2, 0f));
    weights.initialise(new Random(4));
    int[][] inputs = {{1, 4, 2, 7}, {5, 0}, {6}, {3, 3, 1}};
    float[] dOutput = new float[10 * 6];
    Random random = new Random(8);
    for (int i = 0; i < dOutput.length; i++) dOutput[i] = (float) random.nextGaussian();

    SasRecEncoder.Batch single = new SasRecEncoder.Batch(inputs);
    SasRecEncoder encoder = new SasRecEncoder(weights);
    encoder.forward(single, null);
    encoder.backward(single, dOutput, new boolean[ITEMS]);
    float[][] expected = weights.tensors().stream().map(t -> t.grad.clone()).toArray(float[][]::new);
    for (Tensor t : weights.tensors()) java.util.Arrays.fill(t.grad, 0f);

    boolean[] touched = new boolean[ITEMS];
    try (ParallelEncoder parallel = new ParallelEncoder(weights)) {
      assertArrayEquals(single.output, parallel.forward(inputs, new SplittableRandom(1)), 1e-6f);
      parallel.backward(dOutput, touched);
    }
    for (int t = 0; t < expected.length; t++) {
      assertArrayEquals(expected[t], weights.tensors().get(t).grad, 1e-5f, weights.tensors().get(t).name);
    }
    assertTrue(touched[3] && touched[6] && !touched[8], "exactly the input items are marked");
  }
}
