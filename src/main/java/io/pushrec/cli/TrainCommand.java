package io.pushrec.cli;

import io.pushrec.core.FusionTraining;
import io.pushrec.core.InteractionLog;
import io.pushrec.core.LeaveOneOutSplit;
import io.pushrec.core.SequenceDataset;
import io.pushrec.model.HoldoutRanking;
import io.pushrec.model.SasRecModel;
import io.pushrec.model.SasRecTrainer;
import io.pushrec.model.TrainingChart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Trains the SASRec sequence model on the training split of a log (validation for early stopping, "
        + "test untouched), retrains it for the chosen epoch count on all but the test items, tunes the fusion with "
        + "co-visitation, item-KNN and popularity on validation, and writes a versioned model directory that "
        + "`eval --model` and the nodes load.")
final class TrainCommand implements Callable<Integer> {
  /** Share of --max-minutes the early-stopped run may use; the refit needs about as long for the same epochs. */
  private static final double FIT_SHARE = 0.6;
  /** Component name of the early-stopped model, kept beside the served one so that --sasrec can reuse it. */
  private static final String VALIDATED = "sasrec-validated";

  @Option(names = "--data", required = true, description = "Interaction log.")
  Path data;

  @Option(names = "--format", defaultValue = "sasrec", description = "sasrec or s3rec (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--out",
      description = "Parent directory: the model goes to OUT/pushrec-yyyyMMdd-HHmmss/ (or OUT itself with --in-place); "
          + "a node started with this OUT as its model-dir serves the newest one.")
  Path out;

  @Option(names = "--in-place", description = "Write the model files into OUT itself.")
  boolean inPlace;

  @Option(names = "--max-minutes", defaultValue = "26",
      description = "Wall-clock budget of SASRec training and refit together; 60% of it for the early-stopped run, "
          + "all of it with --no-refit (default: ${DEFAULT-VALUE}). Fusion tuning comes on top (about 3 minutes on Games).")
  double maxMinutes;

  @Option(names = "--no-refit",
      description = "Serve the early-stopped SASRec instead of one retrained for the same number of epochs on all but the test items.")
  boolean noRefit;

  @Option(names = "--sasrec",
      description = "Train no SASRec: take the early-stopped one from this model directory (an earlier `train` on the same log), "
          + "then refit and tune the fusion as usual.")
  Path reuseSasRec;

  @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--dim", defaultValue = "64", description = "Embedding width (default: ${DEFAULT-VALUE}).")
  int dim;

  @Option(names = "--max-length", defaultValue = "50", description = "Items of history the encoder sees (default: ${DEFAULT-VALUE}).")
  int maxLength;

  @Option(names = "--blocks", defaultValue = "1", description = "Self-attention blocks (default: ${DEFAULT-VALUE}).")
  int blocks;

  @Option(names = "--dropout", defaultValue = "0.4", description = "Dropout rate (default: ${DEFAULT-VALUE}).")
  float dropout;

  @Option(names = "--lr", defaultValue = "0.002", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
  float learningRate;

  @Option(names = "--l2", defaultValue = "1e-6", description = "L2 on weights and embeddings (default: ${DEFAULT-VALUE}).")
  float l2;

  @Option(names = "--batch-size", defaultValue = "128", description = "Sequences per step (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--negatives", defaultValue = "1024",
      description = "Sampled candidates per step for the softmax; 0 or >= the catalogue means the full softmax (default: ${DEFAULT-VALUE}).")
  int negatives;

  @Option(names = "--max-epochs", defaultValue = "200", description = "Epoch limit (default: ${DEFAULT-VALUE}).")
  int maxEpochs;

  @Option(names = "--patience", defaultValue = "3",
      description = "Stop after this many epochs without a better validation NDCG@10 (default: ${DEFAULT-VALUE}).")
  int patience;

  @Option(names = "--validation-users", defaultValue = "2000",
      description = "Fixed subsample of users for the per-epoch validation (default: ${DEFAULT-VALUE}).")
  int validationUsers;

  @Option(names = "--random-init",
      description = "Start item embeddings at random instead of from the PPMI co-occurrence eigenvectors.")
  boolean randomInit;

  @Option(names = "--report-test",
      description = "After training, report SASRec-alone test HR@10/NDCG@10 (full and sampled100) on all users.")
  boolean reportTest;

  @Option(names = "--evaluate-model",
      description = "Train nothing: load this model directory and report its test metrics and scoring latency.")
  Path evaluateModel;

  @Override
  public Integer call() throws Exception {
    if (out == null && evaluateModel == null) throw new picocli.CommandLine.ParameterException(
        new picocli.CommandLine(this), "--out is required unless --evaluate-model is given");
    InteractionLog.Format logFormat = InteractionLog.Format.valueOf(format.toUpperCase(Locale.ROOT));
    SequenceDataset dataset = SequenceDataset.read(data, logFormat);
    System.err.printf("%s: %,d users, %,d items, %,d interactions%n", data, dataset.numUsers(), dataset.numItems(),
        dataset.numInteractions());
    LeaveOneOutSplit split = new LeaveOneOutSplit(dataset);
    if (evaluateModel != null) {
      report(SasRecModel.load(evaluateModel), split);
      return 0;
    }
    long start = System.nanoTime();
    SasRecTrainer.Options options = new SasRecTrainer.Options(dim, maxLength, blocks, dropout, learningRate, l2,
        batchSize, negatives <= 0 ? Integer.MAX_VALUE : negatives, 0.5, maxEpochs, patience, validationUsers,
        noRefit ? maxMinutes : FIT_SHARE * maxMinutes, seed, !randomInit);
    SasRecTrainer trainer = new SasRecTrainer(options, System.err);
    Path dir = inPlace ? out : out.resolve("pushrec-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    Files.createDirectories(dir);
    SasRecModel validated;
    int bestEpoch;
    if (reuseSasRec != null) {
      validated = earlyStopped(reuseSasRec);
      bestEpoch = ((Number) validated.metadata().get("bestEpoch")).intValue();
    } else {
      Map<String, Object> runInfo = new LinkedHashMap<>();
      runInfo.put("data", data.toAbsolutePath().toString());
      runInfo.put("format", format);
      runInfo.put("trainedAt", LocalDateTime.now().toString());
      SasRecTrainer.Result result = trainer.train(split, runInfo);
      TrainingChart.write(dir.resolve("sasrec.training.html"), "SASRec training on " + data.getFileName(),
          result.curve(), result.bestEpoch());
      validated = result.model();
      bestEpoch = result.bestEpoch();
    }
    validated.save(dir, VALIDATED);
    SasRecModel served = noRefit || bestEpoch == 0 ? validated : refit(trainer, split, validated, bestEpoch, start);
    // The served model is the fusion: baselines tuned on validation, SASRec one weighted component of it.
    FusionTraining.buildTuneAndSave(split, Map.of(SasRecModel.DEFAULT_NAME, new FusionTraining.Extra(validated, served)),
        dir, line -> System.err.println("fusion: " + line));
    System.out.println("model: " + dir.toAbsolutePath());
    if (reportTest) report(served, split);
    return 0;
  }

  private SasRecModel earlyStopped(Path dir) throws java.io.IOException {
    String name = Files.exists(dir.resolve(VALIDATED + ".json")) ? VALIDATED : SasRecModel.DEFAULT_NAME;
    SasRecModel model = SasRecModel.load(dir, name);
    if (model.metadata().containsKey("refit") || !model.metadata().containsKey("bestEpoch")) {
      throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
          dir + ": no early-stopped SASRec there (" + name + " was refitted or has no best epoch)");
    }
    System.err.printf("reusing the early-stopped SASRec of %s (best epoch %s)%n", dir, model.metadata().get("bestEpoch"));
    return model;
  }

  /** The refit, when the budget left can hold it; the epochs of the first run tell how long one takes. */
  private SasRecModel refit(SasRecTrainer trainer, LeaveOneOutSplit split, SasRecModel validated, int epochs,
      long start) {
    double minutesLeft = maxMinutes - (System.nanoTime() - start) / 60e9;
    Object seconds = validated.metadata().get("trainingSeconds");
    Object epochsRun = validated.metadata().get("epochsRun");
    if (seconds instanceof Number s && epochsRun instanceof Number e && e.intValue() > 0) {
      double needed = s.doubleValue() / e.intValue() * epochs / 60;
      if (needed > minutesLeft) {
        System.err.printf("no refit: %d epochs need about %.1f min, %.1f min of the budget are left; serving the "
            + "early-stopped model%n", epochs, needed, minutesLeft);
        return validated;
      }
    }
    System.err.printf("refit: %d epochs on all but the test items, %.1f min of the budget left%n", epochs, minutesLeft);
    return trainer.refit(split, validated, epochs, minutesLeft).orElse(validated);
  }

  /** SASRec alone on the test targets of every evaluated user, then the per-call cost of encode + scoreAll. */
  private void report(SasRecModel model, LeaveOneOutSplit split) {
    SequenceDataset dataset = split.data();
    int[] users = IntStream.range(0, dataset.numUsers()).toArray();
    for (HoldoutRanking.Protocol protocol : HoldoutRanking.Protocol.values()) {
      long t = System.nanoTime();
      HoldoutRanking.Result r = HoldoutRanking.evaluate(model, split, users, HoldoutRanking.Target.TEST, protocol, seed);
      System.out.printf(Locale.ROOT, "test %-10s HR@10 %.4f NDCG@10 %.4f users %d (%.0f s)%n",
          protocol.name().toLowerCase(Locale.ROOT), r.hitRate10(), r.ndcg10(), r.users(), (System.nanoTime() - t) / 1e9);
    }
    float[] scores = new float[model.numItems()];
    int calls = Math.min(3000, users.length);
    long[] nanos = new long[calls];
    for (int warm = 0; warm < 2; warm++) {
      for (int c = 0; c < calls; c++) {
        long t = System.nanoTime();
        model.scoreAll(model.encode(split.testHistory(users[c])), scores);
        nanos[c] = System.nanoTime() - t;
      }
    }
    java.util.Arrays.sort(nanos);
    System.out.printf(Locale.ROOT, "encode + scoreAll over %d items, one thread, %d calls: median %.3f ms, p90 %.3f ms, p99 %.3f ms%n",
        model.numItems(), calls, nanos[calls / 2] / 1e6, nanos[calls * 9 / 10] / 1e6, nanos[calls * 99 / 100] / 1e6);
  }
}
