package io.pushrec.cli;

import io.pushrec.core.InteractionLog;
import io.pushrec.core.OnlineEvaluation;
import io.pushrec.core.OnlineItemLearner;
import io.pushrec.core.SequenceDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "online-eval", mixinStandardHelpOptions = true,
    description = "Fits item vectors on the first part of every user's sequence, streams the rest and compares, "
        + "prequentially, frozen vectors with the online learner (HR@10/NDCG@10 overall and per stream window).")
final class OnlineEvalCommand implements Callable<Integer> {
  static final double[] LEARNING_RATES = {0.003, 0.01, 0.03, 0.1, 0.3};

  @Option(names = "--data", required = true, description = "Behaviour log, one USER ITEM per line in time order per user.")
  Path dataFile;

  @Option(names = "--format", defaultValue = "sasrec", description = "sasrec or s3rec (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--prefix", defaultValue = "0.7", description = "Share of each user's sequence the starting "
      + "vectors are fitted on (default: ${DEFAULT-VALUE}).")
  double prefixShare;

  @Option(names = "--validation", defaultValue = "0.1", description = "Share of users whose stream tunes the "
      + "learning rate and is not reported (default: ${DEFAULT-VALUE}).")
  double validationShare;

  @Option(names = "--max-users", defaultValue = "0", description = "Reported users at most, a seeded sample; 0 for "
      + "all (default: ${DEFAULT-VALUE}).")
  int maxUsers;

  @Option(names = "--dimension", defaultValue = "64", description = "Item vector dimension (default: ${DEFAULT-VALUE}).")
  int dimension;

  @Option(names = "--epochs", defaultValue = "3", description = "Passes of the learner's loss over the prefix that "
      + "refine the co-occurrence start into the frozen model; 0 keeps co-occurrence factors (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--training-rate", defaultValue = "0.03", description = "Learning rate of those passes "
      + "(default: ${DEFAULT-VALUE}).")
  double trainingRate;

  @Option(names = "--learning-rate", description = "Adam step as a fraction of the vectors' RMS coordinate "
      + "(default: the best of 0.003, 0.01, 0.03, 0.1, 0.3 on the validation users' stream).")
  Double learningRate;

  @Option(names = "--negatives", defaultValue = "8", description = "Sampled negatives per event (default: ${DEFAULT-VALUE}).")
  int negatives;

  @Option(names = "--windows", defaultValue = "20", description = "Stream windows in the report (default: ${DEFAULT-VALUE}).")
  int windows;

  @Option(names = "--seed", defaultValue = "42")
  long seed;

  @Option(names = "--json", description = "Write the figures as JSON here.")
  Path jsonFile;

  @Option(names = "--report", description = "Write an HTML page with the per-window curves here.")
  Path htmlFile;

  @Override
  public Integer call() throws IOException {
    long started = System.nanoTime();
    SequenceDataset data = SequenceDataset.read(dataFile, InteractionLog.Format.valueOf(format.toUpperCase(Locale.ROOT)));
    OnlineEvaluation.Settings settings =
        new OnlineEvaluation.Settings(prefixShare, validationShare, maxUsers, dimension, windows, epochs, trainingRate,
            negatives, seed);
    System.err.printf("%d users, %d items, %d events; fitting %d-d vectors on each user's first %.0f%% (co-occurrence, "
        + "then %d epochs of the learner's loss)%n", data.numUsers(), data.numItems(), data.numInteractions(), dimension,
        prefixShare * 100, epochs);
    OnlineEvaluation.Setup setup = OnlineEvaluation.prepare(data, settings,
        (done, total) -> System.err.printf("  prefix training: %d/%d steps, %.1f s%n", done, total, seconds(started)));
    System.err.printf("Prefix: %d events, %d items with a starting vector; stream: %d reported events, %d validation "
        + "events (%.1f s)%n", setup.prefixEvents(), setup.knownItems(), setup.reportedEvents(), setup.validationEvents(),
        seconds(started));

    Map<Double, OnlineEvaluation.Result> tuning = new LinkedHashMap<>();
    double chosen;
    if (learningRate != null) {
      chosen = learningRate;
    } else {
      chosen = LEARNING_RATES[0];
      for (double rate : LEARNING_RATES) {
        OnlineEvaluation.Result r = OnlineEvaluation.run(setup, learner(rate, data), true, null);
        tuning.put(rate, r);
        System.err.printf("  validation, learning rate %.3f: online NDCG@10 %.4f (frozen %.4f), %.1f s%n", rate,
            r.online().ndcg(), r.frozen().ndcg(), seconds(started));
        if (r.online().ndcg() > tuning.get(chosen).online().ndcg()) chosen = rate;
      }
      System.err.printf("Learning rate %.3f chosen on the validation users' stream%n", chosen);
    }
    final double rate = chosen;
    OnlineEvaluation.Result result = OnlineEvaluation.run(setup, learner(rate, data), false,
        (done, total) -> System.err.printf("  stream: %d/%d events, %.1f s%n", done, total, seconds(started)));
    double totalSeconds = seconds(started);
    print(result, rate, setup, totalSeconds);
    if (jsonFile != null) writeJson(result, rate, setup, tuning, totalSeconds);
    if (htmlFile != null) writeHtml(result, rate, setup);
    return 0;
  }

  /** Every item can be tracked, so no learned vector is forgotten (a node reads forgotten ones back from its replica). */
  private OnlineItemLearner.Settings learner(double rate, SequenceDataset data) {
    return new OnlineItemLearner.Settings(rate, negatives, Math.max(data.numItems(), 1_000), seed);
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private void print(OnlineEvaluation.Result r, double rate, OnlineEvaluation.Setup setup, double seconds) {
    System.out.printf("Online learning on %s: prefix %.0f%% of each user's sequence, %d reported stream events "
            + "(%.1f%% of targets unknown to the frozen vectors), learning rate %.3f, %d negatives, %.0f s%n",
        dataFile.getFileName(), prefixShare * 100, setup.reportedEvents(), r.unknownShare() * 100, rate, negatives,
        seconds);
    System.out.println("| targets | model | HR@10 | NDCG@10 |");
    System.out.println("| --- | --- | --- | --- |");
    System.out.printf("| all (%d) | frozen | %.4f | %.4f |%n", r.frozen().cases(), r.frozen().hr(), r.frozen().ndcg());
    System.out.printf("| all (%d) | online | %.4f | %.4f |%n", r.online().cases(), r.online().hr(), r.online().ndcg());
    System.out.printf("| known to frozen (%d) | frozen | %.4f | %.4f |%n", r.frozenOnKnown().cases(),
        r.frozenOnKnown().hr(), r.frozenOnKnown().ndcg());
    System.out.printf("| known to frozen (%d) | online | %.4f | %.4f |%n", r.onlineOnKnown().cases(),
        r.onlineOnKnown().hr(), r.onlineOnKnown().ndcg());
    System.out.printf("| unknown to frozen (%d) | online | %.4f | %.4f |%n", r.onlineOnUnknown().cases(),
        r.onlineOnUnknown().hr(), r.onlineOnUnknown().ndcg());
    int better = 0;
    for (OnlineEvaluation.Window w : r.windows()) if (w.online().ndcg() >= w.frozen().ndcg()) better++;
    System.out.printf("Online NDCG@10 >= frozen in %d of %d stream windows%n", better, r.windows().size());
  }

  private void writeJson(OnlineEvaluation.Result r, double rate, OnlineEvaluation.Setup setup,
      Map<Double, OnlineEvaluation.Result> tuning, double seconds) throws IOException {
    StringBuilder json = new StringBuilder("{\n");
    json.append(String.format(Locale.ROOT, "  \"data\": \"%s\", \"prefixShare\": %s, \"validationShare\": %s, "
            + "\"maxUsers\": %d, \"dimension\": %d, \"negatives\": %d, \"seed\": %d, \"learningRate\": %s,%n",
        dataFile.getFileName(), prefixShare, validationShare, maxUsers, dimension, negatives, seed, rate));
    json.append(String.format(Locale.ROOT, "  \"prefixEvents\": %d, \"knownItems\": %d, \"streamEvents\": %d, "
        + "\"unknownShare\": %.4f, \"learnedSteps\": %d, \"seconds\": %.1f,%n", setup.prefixEvents(),
        setup.knownItems(), setup.reportedEvents(), r.unknownShare(), r.learnedSteps(), seconds));
    json.append("  \"overall\": {").append(metrics("frozen", r.frozen())).append(", ")
        .append(metrics("online", r.online())).append(", ").append(metrics("frozenOnKnown", r.frozenOnKnown()))
        .append(", ").append(metrics("onlineOnKnown", r.onlineOnKnown())).append(", ")
        .append(metrics("onlineOnUnknown", r.onlineOnUnknown())).append("},\n");
    json.append("  \"validation\": [");
    List<String> rows = new ArrayList<>();
    tuning.forEach((lr, t) -> rows.add(String.format(Locale.ROOT, "{\"learningRate\": %s, %s, %s}", lr,
        metrics("frozen", t.frozen()), metrics("online", t.online()))));
    json.append(String.join(", ", rows)).append("],\n  \"windows\": [\n");
    rows.clear();
    for (OnlineEvaluation.Window w : r.windows()) {
      rows.add(String.format(Locale.ROOT, "    {\"firstEvent\": %d, \"unknownShare\": %.4f, %s, %s}", w.firstEvent(),
          w.unknownShare(), metrics("frozen", w.frozen()), metrics("online", w.online())));
    }
    json.append(String.join(",\n", rows)).append("\n  ]\n}\n");
    createParent(jsonFile);
    Files.writeString(jsonFile, json);
    System.err.println("JSON written to " + jsonFile);
  }

  private static String metrics(String name, OnlineEvaluation.Metrics m) {
    return String.format(Locale.ROOT, "\"%s\": {\"cases\": %d, \"hr10\": %.4f, \"ndcg10\": %.4f}", name, m.cases(),
        m.hr(), m.ndcg());
  }

  private void writeHtml(OnlineEvaluation.Result r, double rate, OnlineEvaluation.Setup setup) throws IOException {
    StringBuilder html = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>pushrec "
        + "online learning</title><style>body{font-family:sans-serif;max-width:820px;margin:2em auto}"
        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}</style>"
        + "</head><body>\n");
    html.append(String.format(Locale.ROOT, "<h1>Online item vectors vs frozen: %s</h1>%n<p>Starting vectors fitted "
            + "on the first %.0f%% of every user's sequence (%d events); the rest of %d users' sequences streamed in "
            + "relative-position order (%d events), each predicted before the learner sees it. Learning rate %.3f, %d "
            + "negatives. %.1f%% of the stream's targets have no frozen vector.</p>%n", escape(dataFile.getFileName()
            .toString()), prefixShare * 100, setup.prefixEvents(), setup.reportedUsers(),
        setup.reportedEvents(), rate, negatives, r.unknownShare() * 100));
    html.append("<table><tr><th>targets</th><th>model</th><th>HR@10</th><th>NDCG@10</th></tr>\n");
    html.append(row("all", "frozen", r.frozen())).append(row("all", "online", r.online()))
        .append(row("known to frozen", "frozen", r.frozenOnKnown()))
        .append(row("known to frozen", "online", r.onlineOnKnown()))
        .append(row("unknown to frozen", "online", r.onlineOnUnknown())).append("</table>\n");
    html.append(chart("NDCG@10 per stream window", r.windows(), w -> w.frozen().ndcg(), w -> w.online().ndcg()));
    html.append(chart("HR@10 per stream window", r.windows(), w -> w.frozen().hr(), w -> w.online().hr()));
    html.append(chart("share of targets unknown to the frozen vectors", r.windows(), w -> w.unknownShare(), null));
    html.append("</body></html>\n");
    createParent(htmlFile);
    Files.writeString(htmlFile, html);
    System.err.println("HTML report written to " + htmlFile);
  }

  private static String row(String targets, String model, OnlineEvaluation.Metrics m) {
    return String.format(Locale.ROOT, "<tr><td>%s (%d)</td><td>%s</td><td>%.4f</td><td>%.4f</td></tr>%n", targets,
        m.cases(), model, m.hr(), m.ndcg());
  }

  /** An inline SVG line chart over the windows: frozen in grey, online in blue. */
  private static String chart(String title, List<OnlineEvaluation.Window> windows,
      ToDoubleFunction<OnlineEvaluation.Window> frozen, ToDoubleFunction<OnlineEvaluation.Window> online) {
    int width = 760;
    int height = 260;
    int left = 60;
    int top = 30;
    int plotW = width - left - 20;
    int plotH = height - top - 40;
    double max = 0;
    for (OnlineEvaluation.Window w : windows) {
      max = Math.max(max, frozen.applyAsDouble(w));
      if (online != null) max = Math.max(max, online.applyAsDouble(w));
    }
    max = max <= 0 ? 1 : max * 1.1;
    StringBuilder svg = new StringBuilder(String.format(Locale.ROOT, "<h2>%s</h2>%n<svg width=\"%d\" height=\"%d\" "
        + "font-size=\"11\" xmlns=\"http://www.w3.org/2000/svg\">%n", title, width, height));
    for (int i = 0; i <= 4; i++) {
      double y = top + plotH - plotH * i / 4.0;
      svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
          + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.3f</text>%n", left, left + plotW, y, y, left - 6, y + 4,
          max * i / 4));
    }
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">stream window "
        + "(1 = earliest)</text>%n", left + plotW / 2, height - 6));
    svg.append(polyline(windows, frozen, max, left, top, plotW, plotH, "#888"));
    if (online != null) svg.append(polyline(windows, online, max, left, top, plotW, plotH, "#1f77b4"));
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"16\" fill=\"#888\">%s</text>", left,
        online == null ? "share" : "frozen"));
    if (online != null) {
      svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"16\" fill=\"#1f77b4\">online</text>", left + 60));
    }
    return svg.append("</svg>\n").toString();
  }

  private static String polyline(List<OnlineEvaluation.Window> windows, ToDoubleFunction<OnlineEvaluation.Window> value,
      double max, int left, int top, int plotW, int plotH, String colour) {
    StringBuilder points = new StringBuilder();
    for (int i = 0; i < windows.size(); i++) {
      double x = left + (windows.size() == 1 ? plotW / 2.0 : plotW * i / (windows.size() - 1.0));
      double y = top + plotH - plotH * value.applyAsDouble(windows.get(i)) / max;
      points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
    }
    return String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n",
        colour, points.toString().trim());
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static void createParent(Path file) throws IOException {
    if (file.toAbsolutePath().getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
  }
}
