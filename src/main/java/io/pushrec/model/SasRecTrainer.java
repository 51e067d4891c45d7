package io.pushrec.model;

import io.pushrec.core.LeaveOneOutSplit;
import io.pushrec.core.TrainingSequences;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains SASRec on the training part of a leave-one-out split: next-item cross-entropy at every position,
 * Adam, early stopping on validation NDCG@10 over a fixed subsample of users, within a wall-clock budget.
 * The test targets are never looked at.
 */
public final class SasRecTrainer {
  /** Everything that shapes a training run. */
  public record Options(int dim, int maxLength, int blocks, float dropout, float learningRate, float l2,
      int batchSize, int negatives, double uniformShare, int maxEpochs, int patience, int validationUsers,
      double maxMinutes, long seed, boolean cooccurrenceInit) {}

  /** One point of the training curve. */
  public record Epoch(int epoch, double loss, double validationNdcg10, double validationHitRate10, double seconds) {}

  public record Result(SasRecModel model, List<Epoch> curve, int bestEpoch) {}

  private final Options options;
  private final PrintStream progress;

  public SasRecTrainer(Options options, PrintStream progress) {
    this.options = options;
    this.progress = progress;
  }

  public Result train(LeaveOneOutSplit split, Map<String, Object> runInfo) {
    long start = System.nanoTime();
    long deadline = start + (long) (options.maxMinutes() * 60e9);
    SplittableRandom random = new SplittableRandom(options.seed());
    int[][] trainParts = new int[split.data().numUsers()][];
    for (int u = 0; u < trainParts.length; u++) trainParts[u] = split.train(u);
    Run run = new Run(split.data().numItems(), trainParts, random);
    int[] validationUsers = validationUsers(split, random.split());

    List<Epoch> curve = new ArrayList<>();
    HoldoutRanking.Result initial = validate(split, run, validationUsers);
    progress.printf("before training: validation NDCG@10 %.4f HR@10 %.4f on %d users, %.0f s%n", initial.ndcg10(),
        initial.hitRate10(), initial.users(), (System.nanoTime() - start) / 1e9);
    // The starting point competes too: a run whose epochs never beat it keeps it.
    float[][] best = snapshot(run.weights);
    double bestNdcg = initial.ndcg10();
    int bestEpoch = 0;
    int sinceBest = 0;
    for (int epoch = 1; epoch <= options.maxEpochs() && sinceBest < options.patience(); epoch++) {
      EpochRun e = run.epoch(epoch, deadline);
      if (e.steps() == 0) break;
      HoldoutRanking.Result validation = validate(split, run, validationUsers);
      double seconds = (System.nanoTime() - start) / 1e9;
      curve.add(new Epoch(epoch, e.loss(), validation.ndcg10(), validation.hitRate10(), seconds));
      boolean improved = validation.ndcg10() > bestNdcg;
      if (improved) {
        bestNdcg = validation.ndcg10();
        bestEpoch = epoch;
        best = snapshot(run.weights);
        sinceBest = 0;
      } else {
        sinceBest++;
      }
      progress.printf("%nepoch %d%s: loss %.4f, validation NDCG@10 %.4f HR@10 %.4f on %d users%s, %.0f s%n", epoch,
          e.outOfTime() ? " (cut by the time budget)" : "", e.loss(), validation.ndcg10(),
          validation.hitRate10(), validation.users(), improved ? " (best)" : "", seconds);
      if (e.outOfTime()) break;
    }
    run.close();
    restore(run.weights, best);
    Map<String, Object> metadata = new LinkedHashMap<>(runInfo);
    metadata.put("bestEpoch", bestEpoch);
    metadata.put("epochsRun", curve.size());
    metadata.put("validationNdcg10", bestNdcg);
    metadata.put("validationUsers", validationUsers.length);
    metadata.put("trainingSeconds", Math.round((System.nanoTime() - start) / 1e9));
    metadata.put("options", options.toString());
    return new Result(new SasRecModel(split.data().items(), run.weights, metadata), curve, bestEpoch);
  }

  /** Full-ranking validation of the weights as they are now: a model built now scores with this epoch's items. */
  private HoldoutRanking.Result validate(LeaveOneOutSplit split, Run run, int[] validationUsers) {
    return HoldoutRanking.evaluate(new SasRecModel(split.data().items(), run.weights, Map.of()), split,
        validationUsers, HoldoutRanking.Target.VALIDATION, HoldoutRanking.Protocol.FULL, options.seed());
  }

  /**
   * Trains a fresh model, same options and seed, for exactly the {@code epochs} early stopping chose, on
   * every user's items but the test target: the validation items become training data too, so the newest
   * step of each history is learned, as the baselines are refitted before test. Nothing is left to validate
   * on, which is why the epoch count comes from {@link #train}. Returns empty when the time budget ends
   * before the last epoch does: a half-trained refit would be worse than the validated model.
   *
   * @param fitted the early-stopped model; its metadata is carried over
   * @param maxMinutes wall-clock budget of the refit
   */
  public java.util.Optional<SasRecModel> refit(LeaveOneOutSplit split, SasRecModel fitted, int epochs,
      double maxMinutes) {
    long start = System.nanoTime();
    long deadline = start + (long) (maxMinutes * 60e9);
    SplittableRandom random = new SplittableRandom(options.seed());
    int[][] beforeTest = TrainingSequences.beforeTest(split).toArray(new int[0][]);
    Run run = new Run(split.data().numItems(), beforeTest, random);
    try {
      for (int epoch = 1; epoch <= epochs; epoch++) {
        EpochRun e = run.epoch(epoch, deadline);
        progress.printf("%nrefit epoch %d of %d: loss %.4f, %.0f s%n", epoch, epochs, e.loss(),
            (System.nanoTime() - start) / 1e9);
        if (e.outOfTime()) {
          progress.printf("refit cut by the time budget after %d of %d epochs: keeping the validated model%n", epoch, epochs);
          return java.util.Optional.empty();
        }
      }
    } finally {
      run.close();
    }
    Map<String, Object> metadata = new LinkedHashMap<>(fitted.metadata());
    metadata.put("refit", "retrained from scratch for " + epochs + " epochs on all but the test items");
    metadata.put("refitSeconds", Math.round((System.nanoTime() - start) / 1e9));
    return java.util.Optional.of(new SasRecModel(split.data().items(), run.weights, metadata));
  }

  private record EpochRun(double loss, int steps, boolean outOfTime) {}

  /** The state of one optimisation run: weights, loss, optimiser and the sequences it cycles through. */
  private final class Run implements AutoCloseable {
    final SasRecWeights weights;
    private final int[][] sequences;
    private final long positions;
    private final SoftmaxLoss loss;
    private final Adam adam;
    private final boolean[] touched;
    private final ParallelEncoder encoder;
    private final SplittableRandom random;

    /** @param users each user's items the run may learn from, oldest first */
    Run(int numItems, int[][] users, SplittableRandom random) {
      this.random = random;
      SasRecConfig config = new SasRecConfig(numItems, options.dim(), options.maxLength(), options.blocks(),
          options.dropout());
      weights = new SasRecWeights(config);
      java.util.Random init = new java.util.Random(options.seed());
      weights.initialise(init);
      if (options.cooccurrenceInit()) {
        long initStart = System.nanoTime();
        CooccurrenceInit.initialise(weights.itemEmbeddings.value, numItems, options.dim(), users, 3, init);
        progress.printf("item embeddings from PPMI co-occurrence eigenvectors: %.0f s%n", (System.nanoTime() - initStart) / 1e9);
      }
      sequences = trainingSequences(users);
      long[] targetCounts = new long[numItems];
      long count = 0;
      for (int[] s : sequences) {
        for (int i = 1; i < s.length; i++) targetCounts[s[i]]++;
        count += s.length - 1;
      }
      positions = count;
      loss = new SoftmaxLoss(weights.itemEmbeddings, options.dim(), options.negatives(), targetCounts,
          options.uniformShare());
      adam = new Adam(weights.tensors(), weights.itemEmbeddings, options.learningRate(), options.l2());
      touched = new boolean[numItems];
      encoder = new ParallelEncoder(weights);
    }

    EpochRun epoch(int epoch, long deadline) {
      shuffle(sequences, random);
      int steps = (sequences.length + options.batchSize() - 1) / options.batchSize();
      double lossSum = 0;
      int lossCount = 0;
      long examples = 0;
      long epochStart = System.nanoTime();
      for (int step = 0; step < steps; step++) {
        if (System.nanoTime() > deadline) return new EpochRun(lossSum / Math.max(1, lossCount), lossCount, true);
        int from = step * options.batchSize();
        int[][] batch = Arrays.copyOfRange(sequences, from, Math.min(sequences.length, from + options.batchSize()));
        lossSum += step(batch, encoder, loss, adam, touched, random);
        lossCount++;
        for (int[] s : batch) examples += s.length - 1;
        showProgress(epoch, step + 1, steps, lossSum / lossCount, examples, positions, epochStart, deadline);
      }
      return new EpochRun(lossSum / Math.max(1, lossCount), lossCount, false);
    }

    @Override
    public void close() {
      encoder.close();
    }
  }

  private double step(int[][] batch, ParallelEncoder encoder, SoftmaxLoss loss, Adam adam, boolean[] touched,
      SplittableRandom random) {
    int[][] inputs = new int[batch.length][];
    int rows = 0;
    for (int s = 0; s < batch.length; s++) {
      inputs[s] = Arrays.copyOf(batch[s], batch[s].length - 1);
      rows += inputs[s].length;
    }
    int[] targets = new int[rows];
    int r = 0;
    for (int[] s : batch) for (int i = 1; i < s.length; i++) targets[r++] = s[i];
    float[] output = encoder.forward(inputs, random);
    float[] dOutput = new float[rows * options.dim()];
    double value = loss.lossAndGradient(output, targets, dOutput, touched, random);
    encoder.backward(dOutput, touched);
    adam.step(touched);
    return value;
  }

  /** Each user's items, the last maxLength + 1 of them: maxLength inputs, each predicting the next. */
  private int[][] trainingSequences(int[][] users) {
    List<int[]> out = new ArrayList<>();
    for (int[] items : users) {
      if (items.length < 2) continue;
      out.add(Arrays.copyOfRange(items, Math.max(0, items.length - options.maxLength() - 1), items.length));
    }
    return out.toArray(new int[0][]);
  }

  private int[] validationUsers(LeaveOneOutSplit split, SplittableRandom random) {
    List<Integer> evaluated = new ArrayList<>();
    for (int u = 0; u < split.data().numUsers(); u++) if (split.isEvaluated(u)) evaluated.add(u);
    int[] users = evaluated.stream().mapToInt(Integer::intValue).toArray();
    for (int i = users.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = users[i];
      users[i] = users[j];
      users[j] = t;
    }
    return Arrays.copyOf(users, Math.min(users.length, options.validationUsers()));
  }

  private static void shuffle(int[][] a, SplittableRandom random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int[] t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  private static float[][] snapshot(SasRecWeights weights) {
    return weights.tensors().stream().map(t -> t.value.clone()).toArray(float[][]::new);
  }

  private static void restore(SasRecWeights weights, float[][] values) {
    List<Tensor> tensors = weights.tensors();
    for (int i = 0; i < tensors.size(); i++) System.arraycopy(values[i], 0, tensors.get(i).value, 0, values[i].length);
  }

  private long lastShown;

  private void showProgress(int epoch, int step, int steps, double loss, long examples, long positions,
      long epochStart, long deadline) {
    long now = System.nanoTime();
    if (now - lastShown < 500_000_000L && step != steps) return;
    lastShown = now;
    double seconds = (now - epochStart) / 1e9;
    double rate = examples / Math.max(seconds, 1e-9);
    int width = 24;
    int done = (int) ((long) width * step / steps);
    progress.printf("\repoch %d [%s%s] %d/%d loss %.4f %,.0f ex/s ETA %s, budget left %s   ", epoch,
        "=".repeat(done), " ".repeat(width - done), step, steps, loss, rate,
        clock((positions - examples) / Math.max(rate, 1e-9)), clock(Math.max(0, (deadline - now) / 1e9)));
    progress.flush();
  }

  private static String clock(double seconds) {
    long s = Math.round(seconds);
    return String.format("%d:%02d", s / 60, s % 60);
  }
}
