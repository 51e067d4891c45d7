package io.pushrec.model;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Cross-entropy of the next item over the catalogue, with the output layer tied to the item embeddings.
 * With {@code negatives >= numItems} it is the exact full softmax. Otherwise every batch shares one set of
 * candidates drawn from a mix of uniform and popularity sampling, and each candidate's logit is corrected by
 * the log of its inclusion probability (logQ, Jean et al. 2015; Yi et al. 2019), so the expected gradient
 * approaches the full softmax's while costing negatives/numItems of it. The three big products run as ND4J
 * gemm calls; everything per-row stays in Java.
 */
final class SoftmaxLoss {
  private final Tensor items;
  private final int numItems;
  private final int dim;
  private final int negatives;
  private final double[] cumulative;
  private final float[] logInclusion;
  private final int[] drawnAt;
  private final int[] candidateSlot;
  private int stamp;

  /**
   * @param trainCounts how often each item occurs as a training target; shapes the sampling distribution
   * @param uniformShare the share of draws that are uniform, so the long tail still gets negatives
   */
  SoftmaxLoss(Tensor items, int dim, int negatives, long[] trainCounts, double uniformShare) {
    this.items = items;
    this.numItems = items.rows;
    this.dim = dim;
    this.negatives = Math.min(negatives, numItems);
    this.cumulative = new double[numItems];
    this.logInclusion = new float[numItems];
    this.drawnAt = new int[numItems];
    this.candidateSlot = new int[numItems];
    Arrays.fill(candidateSlot, -1);
    long total = 0;
    for (long c : trainCounts) total += c;
    double running = 0;
    for (int i = 0; i < numItems; i++) {
      double q = uniformShare / numItems + (1 - uniformShare) * (total == 0 ? 1.0 / numItems : (double) trainCounts[i] / total);
      running += q;
      cumulative[i] = running;
      // P(item drawn at least once in `negatives` draws with replacement).
      logInclusion[i] = (float) Math.log(-Math.expm1(this.negatives * Math.log1p(-Math.min(q, 1 - 1e-12))));
    }
  }

  boolean isFull() {
    return negatives >= numItems;
  }

  /**
   * Mean loss over the rows; writes dUser (rows x dim) and adds the item-embedding gradient, marking the
   * rows it touched.
   */
  double lossAndGradient(float[] user, int[] targets, float[] dUser, boolean[] touched, SplittableRandom random) {
    int rows = targets.length;
    int[] candidates = isFull() ? allItems() : sample(random);
    int n = candidates.length;
    float[] candidateVectors = new float[n * dim];
    for (int c = 0; c < n; c++) System.arraycopy(items.value, candidates[c] * dim, candidateVectors, c * dim, dim);
    INDArray userMatrix = Nd4j.create(user, new long[] {rows, dim}, 'c');
    INDArray candidateMatrix = Nd4j.create(candidateVectors, new long[] {n, dim}, 'c');
    INDArray logits = Nd4j.create(DataType.FLOAT, new long[] {rows, n}, 'c');
    Nd4j.gemm(userMatrix, candidateMatrix, logits, false, true, 1.0, 0.0);
    if (!isFull()) {
      float[] corrections = new float[n];
      for (int c = 0; c < n; c++) corrections[c] = logInclusion[candidates[c]];
      logits.subiRowVector(Nd4j.create(corrections, new long[] {1, n}, 'c'));
    }
    // The target is scored on its own below; as a candidate of its own row it would count twice.
    for (int c = 0; c < n; c++) candidateSlot[candidates[c]] = c;
    float[] targetLogits = new float[rows];
    for (int r = 0; r < rows; r++) {
      int target = targets[r];
      targetLogits[r] = Kernels.dot(user, r * dim, items.value, target * dim, dim) - correction(target);
      int slot = candidateSlot[target];
      if (slot >= 0) logits.putScalar(r, slot, Float.NEGATIVE_INFINITY);
    }
    for (int c = 0; c < n; c++) candidateSlot[candidates[c]] = -1;

    // Softmax in place on the native side: the rows are thousands of entries wide.
    float[] max = logits.max(1).toFloatVector();
    for (int r = 0; r < rows; r++) max[r] = Math.max(max[r], targetLogits[r]);
    logits.subiColumnVector(Nd4j.create(max, new long[] {rows, 1}, 'c'));
    Transforms.exp(logits, false);
    float[] sums = logits.sum(1).toFloatVector();
    double loss = 0;
    float inv = 1f / rows;
    float[] targetGrad = new float[rows];
    float[] scale = new float[rows];
    for (int r = 0; r < rows; r++) {
      double targetExp = Math.exp(targetLogits[r] - max[r]);
      double sum = sums[r] + targetExp;
      loss += max[r] + Math.log(sum) - targetLogits[r];
      scale[r] = (float) (inv / sum);
      targetGrad[r] = (float) ((targetExp / sum - 1) * inv);
    }
    logits.muliColumnVector(Nd4j.create(scale, new long[] {rows, 1}, 'c'));

    INDArray dUserMatrix = Nd4j.create(DataType.FLOAT, new long[] {rows, dim}, 'c');
    Nd4j.gemm(logits, candidateMatrix, dUserMatrix, false, false, 1.0, 0.0);
    INDArray dCandidates = Nd4j.create(DataType.FLOAT, new long[] {n, dim}, 'c');
    Nd4j.gemm(logits, userMatrix, dCandidates, true, false, 1.0, 0.0);
    System.arraycopy(dUserMatrix.data().asFloat(), 0, dUser, 0, rows * dim);
    float[] dc = dCandidates.data().asFloat();
    float[] itemGrad = items.grad;
    for (int c = 0; c < n; c++) {
      int base = candidates[c] * dim;
      touched[candidates[c]] = true;
      for (int t = 0; t < dim; t++) itemGrad[base + t] += dc[c * dim + t];
    }
    for (int r = 0; r < rows; r++) {
      int target = targets[r] * dim;
      touched[targets[r]] = true;
      float g = targetGrad[r];
      for (int t = 0; t < dim; t++) {
        dUser[r * dim + t] += g * items.value[target + t];
        itemGrad[target + t] += g * user[r * dim + t];
      }
    }
    return loss / rows;
  }

  private float correction(int item) {
    return isFull() ? 0f : logInclusion[item];
  }

  private int[] allItems() {
    int[] all = new int[numItems];
    for (int i = 0; i < numItems; i++) all[i] = i;
    return all;
  }

  private int[] sample(SplittableRandom random) {
    stamp++;
    int[] drawn = new int[negatives];
    int unique = 0;
    double total = cumulative[numItems - 1];
    for (int i = 0; i < negatives; i++) {
      int pos = Arrays.binarySearch(cumulative, random.nextDouble() * total);
      int item = Math.min(numItems - 1, pos >= 0 ? pos : -pos - 1);
      if (drawnAt[item] != stamp) {
        drawnAt[item] = stamp;
        drawn[unique++] = item;
      }
    }
    return Arrays.copyOf(drawn, unique);
  }
}
