package io.pushrec.cli;

import com.typesafe.config.ConfigFactory;
import io.pushrec.catalog.CatalogFile;
import io.pushrec.core.CatalogItem;
import io.pushrec.core.CatalogSnapshot;
import io.pushrec.core.CoVisitationModel;
import io.pushrec.core.CoVisitationScorer;
import io.pushrec.core.Experiment;
import io.pushrec.core.ExperimentReport;
import io.pushrec.core.InteractionLog;
import io.pushrec.core.PopularItemsScorer;
import io.pushrec.core.Preferences;
import io.pushrec.core.PushCopy;
import io.pushrec.core.PushPolicy;
import io.pushrec.node.PushSettings;
import io.pushrec.replay.PushReplay;
import io.pushrec.replay.ReplayHtml;
import io.pushrec.replay.ReplaySummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Replays a behaviour log through the live push policy and scorers, per strategy, and reports "
        + "push volume, push-hit-rate, suppressions, caps and an A/B test on the replayed users.")
final class ReplayCommand implements Callable<Integer> {
  static final String PUSHREC = "pushrec";
  static final String POPULARITY = "popularity";
  static final String POPULARITY_EQUAL = "popularity at pushrec's volume";
  /** 2026-03-02T00:00Z: a Monday, so synthetic days are whole calendar days. */
  static final long START = 1_772_409_600_000L;

  @Option(names = "--data", required = true, description = "The behaviour log.")
  Path data;

  @Option(names = "--format", defaultValue = "sasrec", description = "sasrec or s3rec (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--catalog", description = "Optional items (JSON Lines) for categories, so diversity applies.")
  Path catalogFile;

  @Option(names = "--minutes-per-event", defaultValue = "30",
      description = "Synthetic clock: one event of a user every this many minutes (default: ${DEFAULT-VALUE}).")
  int minutesPerEvent;

  @Option(names = "--horizon", defaultValue = "5",
      description = "A push hits when one of the user's next this many events is a pushed item (default: ${DEFAULT-VALUE}).")
  int horizon;

  @Option(names = "--replay-percent", defaultValue = "20",
      description = "Users replayed; the others only train the co-visitation model (default: ${DEFAULT-VALUE}).")
  int replayPercent;

  @Option(names = "--time-zone", defaultValue = "UTC",
      description = "The replayed users' zone, for quiet hours (default: ${DEFAULT-VALUE}).")
  String timeZone;

  @Option(names = "--html", defaultValue = "target/replay.html", description = "The chart (default: ${DEFAULT-VALUE}).")
  Path html;

  @Override
  public Integer call() throws Exception {
    long started = System.nanoTime();
    Map<String, List<String>> log = InteractionLog.read(data, InteractionLog.Format.valueOf(format.toUpperCase(Locale.ROOT)));
    Map<String, List<String>> training = new LinkedHashMap<>();
    Map<String, List<String>> replayed = new LinkedHashMap<>();
    log.forEach((user, seq) -> (isReplayed(user) ? replayed : training).put(user, seq));
    CoVisitationModel model = CoVisitationModel.train(training.values(), 3, 100);
    CatalogSnapshot catalog = CatalogSnapshot.of(items(log), model);

    PushPolicy policy = PushSettings.policy(ConfigFactory.load().getConfig("pushrec.push"));
    List<PushReplay.Contender> contenders = List.of(
        new PushReplay.Contender(PUSHREC, new CoVisitationScorer(), policy, null),
        new PushReplay.Contender(POPULARITY, new PopularItemsScorer(), policy, null),
        new PushReplay.Contender(POPULARITY_EQUAL, new PopularItemsScorer(), policy, PUSHREC));
    PushReplay replay = new PushReplay(catalog, contenders, new PushReplay.Settings(START, minutesPerEvent * 60_000L,
        horizon, new Preferences(false, null, timeZone)));
    Map<String, Map<String, PushReplay.UserResult>> results = replay.run(replayed);

    List<ReplaySummary> summaries = new ArrayList<>();
    results.forEach((name, byUser) -> summaries.add(ReplaySummary.of(name, byUser)));
    ExperimentReport ab = abTest(results, replayed.keySet(), policy);

    String setup = String.format(Locale.ROOT, "%s (%s): %d users replayed, %d train the co-visitation model; "
            + "synthetic clock: one event per user every %d min, users starting spread over the first day, zone %s; "
            + "hit = one of the next %d events is a pushed item; policy from pushrec.push: %s",
        data, format, replayed.size(), training.size(), minutesPerEvent, timeZone, horizon, policy);
    print(setup, summaries, ab);
    if (html.getParent() != null) Files.createDirectories(html.getParent());
    Files.writeString(html, ReplayHtml.render("pushrec push replay", setup, summaries, ab));
    System.out.printf(Locale.ROOT, "chart: %s (%.1f s)%n", html, (System.nanoTime() - started) / 1e9);
    return 0;
  }

  private boolean isReplayed(String user) {
    return Long.remainderUnsigned(Experiment.fnv1a("replay\u0000" + user), 100) < replayPercent;
  }

  private List<CatalogItem> items(Map<String, List<String>> log) throws Exception {
    Map<String, CatalogItem> items = new HashMap<>();
    if (catalogFile != null) CatalogFile.read(catalogFile).forEach(i -> items.put(i.itemId(), i));
    Set<String> seen = new HashSet<>();
    log.values().forEach(seen::addAll);
    for (String id : seen) items.computeIfAbsent(id, CatalogItem::discovered);
    return new ArrayList<>(items.values());
  }

  /**
   * The A/B test a live deployment would run: each replayed user is assigned one variant by the live
   * stable hash and gets only that strategy's pushes; a push counts as an impression when the user has a
   * later event, and as a click when that event is a pushed item.
   */
  private static ExperimentReport abTest(Map<String, Map<String, PushReplay.UserResult>> results, Set<String> users,
      PushPolicy policy) {
    Experiment experiment = new Experiment("replay-popularity-vs-pushrec", List.of(
        new Experiment.Variant(POPULARITY, 1, "popularity", policy.minNewItems(), 0, PushCopy.Style.ITEM_FIRST),
        new Experiment.Variant(PUSHREC, 1, "default", policy.minNewItems(), 0, PushCopy.Style.ITEM_FIRST)));
    Map<String, long[]> counts = new HashMap<>();
    for (String user : users) {
      String variant = experiment.assign(user).name();
      PushReplay.UserResult r = results.get(variant).get(user);
      long[] c = counts.computeIfAbsent(variant, v -> new long[3]);
      c[0] += r.pushes;
      c[1] += r.judged;
      c[2] += r.hits;
    }
    Map<String, ExperimentReport.Counts> byVariant = new HashMap<>();
    counts.forEach((v, c) -> byVariant.put(v, new ExperimentReport.Counts(c[0], c[1], c[2], 0)));
    return ExperimentReport.of(experiment, byVariant);
  }

  private static void print(String setup, List<ReplaySummary> summaries, ExperimentReport ab) {
    System.out.println(setup);
    System.out.printf(Locale.ROOT, "%-32s %7s %8s %8s %7s %9s %10s %6s %6s  %s%n", "strategy", "users", "pushes",
        "judged", "hits", "hit-rate", "push/u/day", "max1h", "max24h", "suppressed");
    for (ReplaySummary s : summaries) {
      System.out.printf(Locale.ROOT, "%-32s %7d %8d %8d %7d %9.4f %10.3f %6d %6d  %s%n", s.strategy(), s.users(),
          s.pushes(), s.judged(), s.hits(), s.hitRate(), s.pushesPerUserDay(), s.maxPerHour(), s.maxPerDay(),
          s.suppressed());
    }
    System.out.println("A/B " + ab.experiment() + ":");
    for (ExperimentReport.Row r : ab.variants()) {
      System.out.printf(Locale.ROOT, "  %-12s impressions %7d clicks %6d CTR %.4f [%.4f, %.4f] %s%n", r.name(),
          r.impressions(), r.clicks(), r.ctr(), r.ci95().low(), r.ci95().high(), r.vsControl() == null ? "(control)"
              : String.format(Locale.ROOT, "z %.2f p %.3g", r.vsControl().z(), r.vsControl().pValue()));
    }
  }
}
