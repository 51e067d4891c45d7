package io.pushrec.model;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The SASRec network from item sequence to one user vector per position: item embedding plus a learned
 * position, causal self-attention blocks, a final layer norm. The same code encodes training batches and a
 * single live history, so what is trained is what is served.
 */
final class SasRecEncoder {
  private final SasRecWeights weights;
  private final SasRecConfig config;
  private final List<AttentionBlock> blocks = new ArrayList<>();

  SasRecEncoder(SasRecWeights weights) {
    this.weights = weights;
    this.config = weights.config;
    for (SasRecWeights.BlockWeights b : weights.blocks) blocks.add(new AttentionBlock(b, config.dim()));
  }

  /** A batch of sequences laid out row after row, with everything the backward pass needs. */
  static final class Batch {
    final int[][] sequences;
    final int[] offsets;
    float[] inputMask;
    final List<AttentionBlock.Cache> blockCaches = new ArrayList<>();
    LayerNorm.Cache finalNorm;
    /** The encoder's output: one user vector per position, rows x dim. */
    float[] output;

    Batch(int[][] sequences) {
      this.sequences = sequences;
      this.offsets = new int[sequences.length + 1];
      for (int s = 0; s < sequences.length; s++) offsets[s + 1] = offsets[s] + sequences[s].length;
    }

    int rows() {
      return offsets[offsets.length - 1];
    }
  }

  /**
   * Runs the network over every position of every sequence (each at most maxLength long).
   *
   * @param random dropout source while training, null for inference
   */
  void forward(Batch batch, SplittableRandom random) {
    int d = config.dim();
    int rows = batch.rows();
    float[] x = new float[rows * d];
    float[] items = weights.itemEmbeddings.value;
    float[] positions = weights.positionEmbeddings.value;
    for (int s = 0; s < batch.sequences.length; s++) {
      int[] seq = batch.sequences[s];
      for (int i = 0; i < seq.length; i++) {
        int row = (batch.offsets[s] + i) * d;
        int item = seq[i] * d;
        // Positions count back from the newest item, so the latest event always has the same position.
        int position = (config.maxLength() - seq.length + i) * d;
        for (int t = 0; t < d; t++) x[row + t] = items[item + t] + positions[position + t];
      }
    }
    batch.inputMask = Dropout.apply(x, config.dropout(), random);
    for (AttentionBlock block : blocks) {
      AttentionBlock.Cache cache = new AttentionBlock.Cache();
      x = block.forward(x, batch.offsets, config.dropout(), random, cache);
      batch.blockCaches.add(cache);
    }
    batch.output = new float[rows * d];
    batch.finalNorm = LayerNorm.forward(x, weights.finalGamma.value, weights.finalBeta.value, batch.output, rows, d);
  }

  /**
   * Accumulates every parameter gradient from dOutput (rows x dim) and marks the item rows it touched.
   */
  void backward(Batch batch, float[] dOutput, boolean[] touchedItems) {
    int d = config.dim();
    int rows = batch.rows();
    float[] dx = new float[rows * d];
    LayerNorm.backward(batch.finalNorm, dOutput, weights.finalGamma.value, weights.finalGamma.grad,
        weights.finalBeta.grad, dx, rows, d);
    for (int b = blocks.size() - 1; b >= 0; b--) dx = blocks.get(b).backward(batch.blockCaches.get(b), dx, batch.offsets);
    float[] itemGrad = weights.itemEmbeddings.grad;
    float[] positionGrad = weights.positionEmbeddings.grad;
    for (int s = 0; s < batch.sequences.length; s++) {
      int[] seq = batch.sequences[s];
      for (int i = 0; i < seq.length; i++) {
        int row = (batch.offsets[s] + i) * d;
        int item = seq[i] * d;
        int position = (config.maxLength() - seq.length + i) * d;
        touchedItems[seq[i]] = true;
        for (int t = 0; t < d; t++) {
          float g = dx[row + t] * batch.inputMask[row + t];
          itemGrad[item + t] += g;
          positionGrad[position + t] += g;
        }
      }
    }
  }

  /** The user vector after the newest item of history (its last maxLength items), without dropout. */
  float[] encode(int[] history) {
    int d = config.dim();
    if (history.length == 0) return new float[d];
    int from = Math.max(0, history.length - config.maxLength());
    Batch batch = new Batch(new int[][] {java.util.Arrays.copyOfRange(history, from, history.length)});
    forward(batch, null);
    return java.util.Arrays.copyOfRange(batch.output, (batch.rows() - 1) * d, batch.rows() * d);
  }
}
