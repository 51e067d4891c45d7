package io.pushrec.cli;

import io.pushrec.core.BaselineTuning;
import io.pushrec.core.EvaluationResult;
import io.pushrec.core.FusionModel;
import io.pushrec.core.FusionTraining;
import io.pushrec.core.InteractionLog;
import io.pushrec.core.LeaveOneOutSplit;
import io.pushrec.core.OfflineEvaluator;
import io.pushrec.core.ScorerRecipe;
import io.pushrec.core.SequenceDataset;
import io.pushrec.core.SequenceScorer;
import io.pushrec.core.TrainingSequences;
import io.pushrec.core.ValidationObjective;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Offline leave-one-out evaluation of the baselines, the fusion and a saved model on a behaviour log.")
final class EvalCommand implements Callable<Integer> {
  static final List<String> BASELINES = List.of("popularity", "covisitation", "itemknn", "fusion");

  @Spec
  CommandSpec spec;

  @Option(names = "--data", required = true, description = "Behaviour log.")
  Path data;

  @Option(names = "--format", required = true, description = "sasrec (USER ITEM per line) or s3rec (USER ITEM1 ITEM2 ...).")
  String format;

  @Option(names = "--protocol", required = true,
      description = "sampled100 (target against 100 untouched items, fixed seed) or full (against every item outside the history).")
  String protocol;

  @Option(names = "--model", description = "A model directory (fusion.json) to evaluate as method 'model'.")
  Path model;

  @Option(names = "--method",
      description = "all, popularity, covisitation, itemknn or fusion (default: all, or only the model with --model).")
  String method;

  @Option(names = "--json", description = "Write the results here: one object per method.")
  Path json;

  @Option(names = "--report", description = "Write an HTML report with a chart per metric here.")
  Path report;

  @Override
  public Integer call() throws Exception {
    InteractionLog.Format logFormat = parseEnum(InteractionLog.Format.class, format, "--format");
    OfflineEvaluator.Protocol evalProtocol = parseEnum(OfflineEvaluator.Protocol.class, protocol, "--protocol");
    List<String> methods = methods();
    int threads = Runtime.getRuntime().availableProcessors();

    long start = System.nanoTime();
    SequenceDataset dataset = SequenceDataset.read(data, logFormat);
    LeaveOneOutSplit split = new LeaveOneOutSplit(dataset);
    OfflineEvaluator evaluator = new OfflineEvaluator(split, evalProtocol, OfflineEvaluator.DEFAULT_SEED, threads);
    int evaluated = evaluator.evaluatedUsers().length;
    log(String.format("%s: %d users (%d evaluated), %d items, %d interactions, read in %.1f s", data,
        dataset.numUsers(), evaluated, dataset.numItems(), dataset.numInteractions(), seconds(start)));
    if (evaluated == 0) throw new ParameterException(spec.commandLine(), "no user has the 3 interactions a test needs");

    Map<String, SequenceScorer> scorers = new LinkedHashMap<>();
    Map<String, Double> fitSeconds = new LinkedHashMap<>();
    fitBaselines(methods, split, threads, scorers, fitSeconds);
    if (methods.contains("model")) {
      long loadStart = System.nanoTime();
      scorers.put("model", ModelOnLog.adapt(FusionModel.load(model), dataset.items()));
      fitSeconds.put("model", seconds(loadStart));
    }

    List<EvalReport.Row> rows = new ArrayList<>();
    for (String name : methods) {
      ProgressLine progress = new ProgressLine(name + " " + protocol);
      EvaluationResult r = evaluator.evaluate(scorers.get(name), OfflineEvaluator.Target.TEST, progress);
      progress.finish();
      rows.add(new EvalReport.Row(name, r, fitSeconds.getOrDefault(name, 0.0)));
    }
    System.out.println(EvalReport.table(rows));
    String title = data.getFileName() + ", " + protocol + " protocol, " + evaluated + " test users";
    if (json != null) EvalReport.writeJson(rows, protocol, json);
    if (report != null) EvalReport.writeHtml(rows, title, report);
    log(String.format("total wall time %.1f s", seconds(start)));
    return 0;
  }

  private List<String> methods() {
    if (method == null) return model != null ? List.of("model") : withModel(BASELINES);
    if (method.equals("all")) return withModel(BASELINES);
    if (!BASELINES.contains(method)) {
      throw new ParameterException(spec.commandLine(), "--method must be all or one of " + BASELINES + ", not " + method);
    }
    return withModel(List.of(method));
  }

  private List<String> withModel(List<String> names) {
    List<String> out = new ArrayList<>(names);
    if (model != null) out.add("model");
    return out;
  }

  /** Tunes only what the chosen methods need: the fusion needs every baseline, a single baseline only itself. */
  private static void fitBaselines(List<String> methods, LeaveOneOutSplit split, int threads,
      Map<String, SequenceScorer> scorers, Map<String, Double> fitSeconds) {
    int numItems = split.data().numItems();
    if (methods.contains("fusion")) {
      FusionTraining.Result result = FusionTraining.buildAndTune(split, Map.of(), threads, EvalCommand::log);
      for (FusionModel.Component c : result.model().components()) {
        if (methods.contains(c.name())) scorers.put(c.name(), c.scorer());
      }
      scorers.put("fusion", result.model());
      double total = 0;
      for (Map.Entry<String, Double> e : result.tuningSeconds().entrySet()) {
        if (methods.contains(e.getKey())) fitSeconds.put(e.getKey(), e.getValue());
        total += e.getValue();
      }
      fitSeconds.put("fusion", total);
      return;
    }
    ValidationObjective objective =
        new ValidationObjective(split, FusionTraining.TUNING_USERS, FusionTraining.TUNING_SEED, threads);
    for (String name : methods) {
      long start = System.nanoTime();
      ScorerRecipe recipe = switch (name) {
        case "popularity" -> new ScorerRecipe.Popularity();
        case "covisitation" -> BaselineTuning.tuneCoVisitation(objective, EvalCommand::log);
        case "itemknn" -> BaselineTuning.tuneItemKnn(objective, EvalCommand::log);
        default -> null;
      };
      if (recipe == null) continue;
      log("tuned " + recipe.describe());
      scorers.put(name, recipe.fit(TrainingSequences.beforeTest(split), numItems));
      fitSeconds.put(name, seconds(start));
    }
  }

  private <E extends Enum<E>> E parseEnum(Class<E> type, String value, String option) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(value)) return e;
    }
    throw new ParameterException(spec.commandLine(), option + " must be one of "
        + java.util.Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase()).toList() + ", not " + value);
  }

  static void log(String line) {
    System.err.println(line);
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
