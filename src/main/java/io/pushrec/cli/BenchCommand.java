package io.pushrec.cli;

import io.pushrec.bench.CassandraReference;
import io.pushrec.bench.JournalReference;
import io.pushrec.bench.LoadRun;
import io.pushrec.bench.Measurement;
import io.pushrec.bench.Report;
import io.pushrec.bench.Settle;
import io.pushrec.bench.Sweep;
import io.pushrec.bench.Workload;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Loads running nodes over loopback HTTP the way a shop would, with WebSocket listeners for pushes, "
        + "then measures the same-run references (a no-op endpoint on the node, raw Cassandra writes, the same writes "
        + "through Pekko persistence alone) and reports "
        + "pushrec as a fraction of each. Bounded by --duration and --max-events; stops by itself.")
final class BenchCommand implements Callable<Integer> {
  @Option(names = "--node", description = "Node base URL; repeat for several (default: ${DEFAULT-VALUE}).",
      defaultValue = "http://127.0.0.1:8080")
  List<URI> nodes;

  @Option(names = "--games", description = "sasrec log to replay (default: ${DEFAULT-VALUE}).",
      defaultValue = "../shared/data/amazon-games/games.txt")
  File games;

  @Option(names = "--active-users", description = "Replay: shoppers active at once (default: ${DEFAULT-VALUE}).",
      defaultValue = "1000")
  int activeUsers;

  @Option(names = "--events-per-user", description = "Replay: each user does at most the first N interactions of its "
      + "history, so N = 1 makes every event a new user's, for a run over millions of distinct users (default: all).")
  Integer eventsPerUser;

  @Option(names = "--zipf-users", description = "Use a synthetic Zipf population of N users instead of the replay.")
  Integer zipfUsers;

  @Option(names = "--zipf-items", description = "Items of the Zipf population (default: ${DEFAULT-VALUE}).",
      defaultValue = "23715")
  int zipfItems;

  @Option(names = "--zipf-exponent", defaultValue = "1.0", description = "Zipf exponent (default: ${DEFAULT-VALUE}).")
  double zipfExponent;

  @Option(names = "--rate", description = "Target events/s; 0 = flat out (default: ${DEFAULT-VALUE}).",
      defaultValue = "0")
  double rate;

  @Option(names = "--batch", description = "Events per POST; 1 = single posts (default: ${DEFAULT-VALUE}).",
      defaultValue = "1")
  int batch;

  @Option(names = "--duration", description = "Length of each measured run, e.g. 30s, 2m (default: ${DEFAULT-VALUE}).",
      defaultValue = "30s")
  String duration;

  @Option(names = "--warmup", description = "Unreported warm-up run before the measurements (default: ${DEFAULT-VALUE}).",
      defaultValue = "10s")
  String warmup;

  @Option(names = "--settle", description = "Before measuring, load the node at the run's rate in 30 s runs until its "
      + "JIT compiler is quiet, for at most this long, e.g. 15m. On 2 cores a node needs 6-9 minutes at 1,000 events/s.")
  String settle;

  @Option(names = "--max-events", description = "Most events a run sends (default: ${DEFAULT-VALUE}).",
      defaultValue = "2000000")
  long maxEvents;

  @Option(names = "--concurrency", description = "Most requests in flight (default: ${DEFAULT-VALUE}).",
      defaultValue = "64")
  int concurrency;

  @Option(names = "--listeners", description = "WebSocket clients following users of the run (default: ${DEFAULT-VALUE}).",
      defaultValue = "100")
  int listeners;

  @Option(names = "--references", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Also measure the no-op endpoint, raw Cassandra writes and Pekko persistence alone "
          + "(default: ${DEFAULT-VALUE}).")
  boolean references;

  @Option(names = "--cassandra", description = "Cassandra for the raw write reference (default: ${DEFAULT-VALUE}).",
      defaultValue = "127.0.0.1:9042")
  String cassandra;

  @Option(names = "--cassandra-keyspace", description = "Scratch keyspace of the raw reference (default: ${DEFAULT-VALUE}).",
      defaultValue = "pushrec_bench_raw")
  String cassandraKeyspace;

  @Option(names = "--journal-keyspace",
      description = "Scratch keyspace of the Pekko persistence reference (default: ${DEFAULT-VALUE}).",
      defaultValue = "pushrec_bench_journal")
  String journalKeyspace;

  @Option(names = "--journal-warmup", defaultValue = "60s",
      description = "Unreported run of the Pekko persistence reference before its measured one: the framework's code "
          + "writes about a third slower until the JIT has compiled it, a minute here (default: ${DEFAULT-VALUE}).")
  String journalWarmup;

  @Option(names = "--cassandra-concurrency",
      description = "Writes in flight in both Cassandra references (default: concurrency x batch, at most 1024, the "
          + "driver's per-connection limit).")
  Integer cassandraConcurrency;

  @Option(names = "--event-bytes", description = "Serialized event size in the raw reference (default: ${DEFAULT-VALUE}).",
      defaultValue = "160")
  int eventBytes;

  @Option(names = "--path", defaultValue = "/v1/events",
      description = "Endpoint of the main run: /v1/events, or /v1/noop to measure the HTTP stack alone (default: ${DEFAULT-VALUE}).")
  String path;

  @Option(names = "--recovery-rate", description = "After the pushrec run, run again at this rate (events/s) to see "
      + "whether the node recovers when an overload stops; implies --no-references.")
  Double recoveryRate;

  @Option(names = "--sweep", description = "Find the highest rate whose p99 (HTTP and event->push) holds the bound.")
  boolean sweep;

  @Option(names = "--sweep-p99-ms", defaultValue = "50", description = "The sweep's p99 bound (default: ${DEFAULT-VALUE}).")
  double sweepP99Millis;

  @Option(names = "--out", description = "Directory for report.json, report.html and the SVG charts (default: target/bench/<time>).")
  Path out;

  @Option(names = "--seed", defaultValue = "42", description = "Random seed of the workload (default: ${DEFAULT-VALUE}).")
  long seed;

  /**
   * One per bench. The workload's sessions go on from run to run; with new user ids per run, a measured run after
   * the warm-up began with all 1,000 open sessions' users recovering from Cassandra in its first second, which
   * alone made most of its slowest 1 % of requests.
   */
  private final String usersId = uniqueId();

  @Override
  public Integer call() throws Exception {
    ExecutorService callbacks = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "bench-http");
      t.setDaemon(true);
      return t;
    });
    try {
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(callbacks)
          .connectTimeout(Duration.ofSeconds(5)).build();
      Workload workload = zipfUsers != null
          ? Workload.zipf(zipfUsers, zipfItems, zipfExponent, listeners, seed)
          : Workload.replay(games.toPath(), activeUsers, eventsPerUser == null ? Integer.MAX_VALUE : eventsPerUser,
              listeners, seed);
      Report report = new Report();
      report.context("command", "pushrec " + String.join(" ", System.getProperty("sun.java.command", "")
          .replaceFirst("^\\S+\\s*", "")));
      report.context("workload", workload.describe());
      report.context("nodes", nodes);
      report.context("cores", Runtime.getRuntime().availableProcessors());
      report.context("loadAverageAtStart", LoadRun.loadAverage());

      Duration runLength = parseDuration(duration);
      if (!parseDuration(warmup).isZero()) {
        System.err.println("warming up for " + warmup + " ...");
        // With the run's listeners, as for --settle: pushes to sockets are code the node compiles too.
        new LoadRun(client, settings("/v1/events", rate, parseDuration(warmup), listeners), workload).run("warmup");
      }
      if (settle != null) {
        Duration round = Duration.ofSeconds(30);
        Settle.Result settled = new Settle(round, parseDuration(settle),
            // With the run's listeners: pushes to sockets are code the node compiles too.
            () -> new LoadRun(client, settings("/v1/events", rate, round, listeners), workload).run("settle"),
            System.err::println).run();
        report.note(settled.describe());
        System.out.println(settled.describe());
      }
      if (sweep) {
        Sweep.Result found = new Sweep(rate > 0 ? rate : 250, sweepP99Millis,
            r -> runAndReport(report, client, workload, String.format(Locale.ROOT, "sweep-%.1f", r), "/v1/events", r,
                runLength)).run();
        report.note(found.describe());
        System.out.println(found.describe());
      } else {
        Measurement pushrec = runAndReport(report, client, workload,
            path.equals("/v1/events") ? "pushrec" : "noop", path, rate, runLength);
        if (recoveryRate != null) {
          runAndReport(report, client, workload, "recovery", "/v1/events", recoveryRate, runLength);
        } else if (references) {
          Measurement noop = runAndReport(report, client, workload, "noop", "/v1/noop", rate, runLength);
          // The raw loop's client warms up too, or its JIT time would be charged to Cassandra.
          if (!parseDuration(warmup).isZero()) cassandraReference(parseDuration(warmup));
          Measurement raw = cassandraReference(runLength);
          report.add(new Report.Run("cassandra", raw, null));
          System.out.print(raw.summary());
          if (!parseDuration(journalWarmup).isZero()) journalReference(parseDuration(journalWarmup));
          Measurement journal = journalReference(runLength);
          report.add(new Report.Run("journal", journal, null));
          System.out.print(journal.summary());
          for (String line : ratios(pushrec, noop, raw, journal, rate > 0)) {
            report.note(line);
            System.out.println(line);
          }
        }
      }
      Path dir = out != null ? out : Path.of("target", "bench", Instant.now().toString().replace(':', '-'));
      report.context("loadAverageAtEnd", LoadRun.loadAverage());
      report.write(dir);
      System.out.println("report: " + dir.resolve("report.html").toAbsolutePath());
      return 0;
    } finally {
      callbacks.shutdownNow();
    }
  }

  private Measurement runAndReport(Report report, HttpClient client, Workload workload, String label, String path,
      double eventsPerSecond, Duration length) throws Exception {
    LoadRun run = new LoadRun(client, settings(path, eventsPerSecond, length, listeners), workload);
    Measurement m = run.run(label);
    report.add(new Report.Run(label, m, run.timeline()));
    System.out.print(m.summary());
    return m;
  }

  private LoadRun.Settings settings(String path, double eventsPerSecond, Duration length, int listenerCount) {
    return new LoadRun.Settings(nodes, path, batch, eventsPerSecond, length, maxEvents, concurrency,
        path.equals("/v1/events") ? listenerCount : 0, uniqueId(), usersId);
  }

  private static String uniqueId() {
    return "b" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
  }

  private Measurement cassandraReference(Duration length) throws InterruptedException {
    return CassandraReference.run(new CassandraReference.Settings(cassandraAddress(), "datacenter1", cassandraKeyspace,
        referenceWritesInFlight(), length, maxEvents, eventBytes, 100_000));
  }

  /** As many users as the replay keeps shopping at once. */
  private Measurement journalReference(Duration length) throws InterruptedException {
    return JournalReference.run(new JournalReference.Settings(cassandraAddress(), "datacenter1", journalKeyspace,
        referenceWritesInFlight(), length, maxEvents, eventBytes, activeUsers));
  }

  private InetSocketAddress cassandraAddress() {
    String[] hostPort = cassandra.split(":");
    return new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1]));
  }

  private int referenceWritesInFlight() {
    return cassandraConcurrency != null ? cassandraConcurrency : Math.min(concurrency * batch, 1024);
  }

  private static List<String> ratios(Measurement pushrec, Measurement noop, Measurement raw, Measurement journal,
      boolean paced) {
    String caveat = paced ? " (paced run: the raw loop ran flat out, so this only says how far below the hardware "
        + "the target rate is)" : "";
    return List.of(
        String.format(Locale.ROOT, "pushrec / no-op endpoint: %.2f of its events/s (%,.0f vs %,.0f), HTTP p99 %.1f vs %.1f ms",
            pushrec.acknowledgedPerSecond() / noop.acknowledgedPerSecond(), pushrec.acknowledgedPerSecond(),
            noop.acknowledgedPerSecond(), pushrec.httpP99Millis(), noop.httpP99Millis()),
        String.format(Locale.ROOT, "pushrec / raw Cassandra writes: %.2f of its rows/s (%,.0f events/s vs %,.0f rows/s)",
            pushrec.acknowledgedPerSecond() / raw.acknowledgedPerSecond(), pushrec.acknowledgedPerSecond(),
            raw.acknowledgedPerSecond()) + caveat,
        String.format(Locale.ROOT, "Pekko persistence alone / raw Cassandra writes: %.2f of its rows/s (%,.0f vs %,.0f)",
            journal.acknowledgedPerSecond() / raw.acknowledgedPerSecond(), journal.acknowledgedPerSecond(),
            raw.acknowledgedPerSecond()),
        String.format(Locale.ROOT, "pushrec / Pekko persistence alone: %.2f of its events/s (%,.0f vs %,.0f)",
            pushrec.acknowledgedPerSecond() / journal.acknowledgedPerSecond(), pushrec.acknowledgedPerSecond(),
            journal.acknowledgedPerSecond()) + caveat);
  }

  static Duration parseDuration(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.endsWith("ms")) return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
    if (t.endsWith("s")) return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
    if (t.endsWith("m")) return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
    return Duration.ofSeconds(Long.parseLong(t));
  }
}
