package io.pushrec.model;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs the encoder's forward and backward passes for two halves of a batch on two threads. Each half has its
 * own gradient buffers over the shared weights; after the backward pass they are summed into the weights'
 * gradients, so the result equals one single-threaded pass over the whole batch.
 */
final class ParallelEncoder implements AutoCloseable {
  private final SasRecWeights weights;
  private final SasRecEncoder[] encoders = new SasRecEncoder[2];
  private final SasRecWeights[] workerWeights = new SasRecWeights[2];
  private final boolean[][] workerTouched = new boolean[2][];
  private final SasRecEncoder.Batch[] batches = new SasRecEncoder.Batch[2];
  private final ExecutorService second = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "sasrec-encoder");
    t.setDaemon(true);
    return t;
  });

  ParallelEncoder(SasRecWeights weights) {
    this.weights = weights;
    for (int w = 0; w < 2; w++) {
      workerWeights[w] = SasRecWeights.sharingValues(weights);
      encoders[w] = new SasRecEncoder(workerWeights[w]);
      workerTouched[w] = new boolean[weights.config.numItems()];
    }
  }

  /** Encodes every position of the sequences; returns rows x dim, sequence after sequence. */
  float[] forward(int[][] sequences, SplittableRandom random) {
    int half = sequences.length / 2;
    batches[0] = new SasRecEncoder.Batch(Arrays.copyOfRange(sequences, 0, half));
    batches[1] = new SasRecEncoder.Batch(Arrays.copyOfRange(sequences, half, sequences.length));
    SplittableRandom other = random.split();
    CompletableFuture<Void> secondHalf = CompletableFuture.runAsync(() -> encoders[1].forward(batches[1], other), second);
    encoders[0].forward(batches[0], random);
    secondHalf.join();
    float[] out = Arrays.copyOf(batches[0].output, batches[0].output.length + batches[1].output.length);
    System.arraycopy(batches[1].output, 0, out, batches[0].output.length, batches[1].output.length);
    return out;
  }

  /** Back-propagates dOutput (as laid out by forward) and adds the gradients to the weights, marking item rows. */
  void backward(float[] dOutput, boolean[] touchedItems) {
    int split = batches[0].output.length;
    float[] first = Arrays.copyOf(dOutput, split);
    float[] rest = Arrays.copyOfRange(dOutput, split, dOutput.length);
    CompletableFuture<Void> secondHalf = CompletableFuture.runAsync(
        () -> encoders[1].backward(batches[1], rest, workerTouched[1]), second);
    encoders[0].backward(batches[0], first, workerTouched[0]);
    secondHalf.join();
    for (int w = 0; w < 2; w++) merge(w, touchedItems);
  }

  private void merge(int w, boolean[] touchedItems) {
    int d = weights.config.dim();
    for (int t = 0; t < weights.tensors().size(); t++) {
      Tensor target = weights.tensors().get(t);
      Tensor source = workerWeights[w].tensors().get(t);
      if (target == weights.itemEmbeddings) continue;
      for (int i = 0; i < source.grad.length; i++) {
        target.grad[i] += source.grad[i];
        source.grad[i] = 0f;
      }
    }
    float[] from = workerWeights[w].itemEmbeddings.grad;
    float[] to = weights.itemEmbeddings.grad;
    for (int[] sequence : batches[w].sequences) {
      for (int item : sequence) {
        if (!workerTouched[w][item]) continue;
        workerTouched[w][item] = false;
        touchedItems[item] = true;
        for (int i = item * d; i < (item + 1) * d; i++) {
          to[i] += from[i];
          from[i] = 0f;
        }
      }
    }
  }

  @Override
  public void close() {
    second.shutdownNow();
  }
}
