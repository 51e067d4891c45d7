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
  private final ThreadLocal<Scratch> scratch;

  SasRecEncoder(SasRecWeights weights) {
    this.weights = weights;
    this.config = weights.config;
    for (SasRecWeights.BlockWeights b : weights.blocks) blocks.add(new AttentionBlock(b, config.dim()));
    this.scratch = ThreadLocal.withInitial(() -> new Scratch(config));
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

  /** Buffers of the inference path, one set per thread, so that encoding a live history allocates nothing. */
  private static final class Scratch {
    /** The window of known items, right-aligned: slot p holds the item at position p. */
    final int[] window;
    final float[] x;
    final float[] lastRow;
    final AttentionBlock.Scratch block;

    Scratch(SasRecConfig config) {
      window = new int[config.maxLength()];
      x = new float[config.maxLength() * config.dim()];
      lastRow = new float[config.dim()];
      block = new AttentionBlock.Scratch(config.maxLength(), config.dim());
    }
  }

  /**
   * Writes into out (dim floats) the user vector after the newest item of history: the network's output at
   * that position, without dropout, from the last maxLength items that are in the catalogue (the others are
   * skipped). Equal to {@link #forward}'s last row to float rounding; the last block computes only that row.
   * An empty history gives the zero vector.
   */
  void encode(int[] history, float[] out) {
    int d = config.dim();
    int maxLength = config.maxLength();
    Scratch s = scratch.get();
    int n = 0;
    for (int i = history.length - 1; i >= 0 && n < maxLength; i--) {
      int item = history[i];
      if (item >= 0 && item < config.numItems()) s.window[maxLength - 1 - n++] = item;
    }
    if (n == 0) {
      java.util.Arrays.fill(out, 0, d, 0f);
      return;
    }
    int first = maxLength - n;
    float[] items = weights.itemEmbeddings.value;
    float[] positions = weights.positionEmbeddings.value;
    for (int i = 0; i < n; i++) {
      int row = i * d;
      int item = s.window[first + i] * d;
      int position = (first + i) * d;
      for (int t = 0; t < d; t++) s.x[row + t] = items[item + t] + positions[position + t];
    }
    int last = blocks.size() - 1;
    for (int b = 0; b < last; b++) blocks.get(b).inferAll(s.x, n, s.block);
    if (last >= 0) {
      blocks.get(last).inferLast(s.x, n, s.block, s.lastRow);
    } else {
      System.arraycopy(s.x, (n - 1) * d, s.lastRow, 0, d);
    }
    LayerNorm.apply(s.lastRow, 0, weights.finalGamma.value, weights.finalBeta.value, out, 0, 1, d);
  }
}
