package io.pushrec.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.pushrec.cassandra.CassandraLauncher;
import io.pushrec.catalog.CatalogFile;
import io.pushrec.catalog.CatalogImport;
import io.pushrec.catalog.ModelDirectory;
import io.pushrec.core.CatalogItem;
import io.pushrec.core.CatalogSnapshot;
import io.pushrec.node.PushrecNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine;
import picocli.CommandLine.Option;

@Command(name = "dev", mixinStandardHelpOptions = true,
    description = "Runs everything on this machine: a local Cassandra (reused if one answers on 9042), one node, "
        + "the demo shop catalogue and the demo page.")
final class DevCommand implements Callable<Integer> {
  private static final String SHARED = "../shared/data/amazon-scientific/";

  @Option(names = "--http-port", defaultValue = "8080", description = "HTTP port (default: ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(names = "--catalog", defaultValue = SHARED + "items.jsonl",
      description = "Items (JSON Lines) loaded when the catalogue is empty (default: ${DEFAULT-VALUE}).")
  Path catalogFile;

  @Option(names = "--seed-log", defaultValue = SHARED + "scientific.txt",
      description = "Behaviour log the co-visitation model learns from (default: ${DEFAULT-VALUE}).")
  Path seedLog;

  @Option(names = "--seed-format", defaultValue = "s3rec", description = "sasrec or s3rec (default: ${DEFAULT-VALUE}).")
  String seedFormat;

  @Option(names = "--cassandra-data", defaultValue = "target/cassandra-data",
      description = "Storage directory of the local Cassandra (default: ${DEFAULT-VALUE}).")
  Path cassandraData;

  @Option(names = "--model-dir", defaultValue = "target/models",
      description = "Trained models; when empty, a first model is trained on the seed log (default: ${DEFAULT-VALUE}).")
  Path modelDir;

  @Option(names = "--train-minutes", defaultValue = "2",
      description = "SASRec training budget for that first model (default: ${DEFAULT-VALUE}).")
  double trainMinutes;

  @Override
  public Integer call() throws Exception {
    trainFirstModelIfNone();
    CassandraLauncher cassandra = CassandraLauncher.reuseOrStart(cassandraData);
    Config config = PushrecNode.configuration(ConfigFactory.parseMap(Map.of(
            "pushrec.http.port", httpPort,
            "pushrec.model-dir", modelDir.toString(),
            "pushrec.seed-log", Files.isRegularFile(seedLog) ? seedLog.toString() : "",
            "pushrec.seed-log-format", seedFormat,
            // The demo shows the catalogue drifting with the clicks; a cluster turns it on in its configuration.
            "pushrec.catalog.online-learner.enabled", true)));
    if (!Files.isRegularFile(seedLog)) System.err.println("No seed log at " + seedLog + ": co-visitation starts empty.");
    PushrecNode node = PushrecNode.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      node.close();
      if (cassandra != null) cassandra.close();
      stopped.countDown();
    }, "pushrec-dev-stop"));
    node.ready().join();
    loadDemoCatalogue(node);
    System.err.println();
    System.err.println("  pushrec is running: open http://127.0.0.1:" + node.httpPort() + "/  (Ctrl-C stops it)");
    System.err.println();
    stopped.await();
    return 0;
  }

  /** The demo serves a trained model from its first minute; `pushrec train` is the same code. */
  private void trainFirstModelIfNone() throws Exception {
    if (new ModelDirectory(modelDir).newestVersion().isPresent() || !Files.isRegularFile(seedLog)) return;
    System.err.println("No trained model in " + modelDir + " yet: training one on " + seedLog + " (about "
        + (int) Math.ceil(trainMinutes + 1) + " minutes, once) ...");
    int code = new CommandLine(new TrainCommand()).execute("--data", seedLog.toString(), "--format", seedFormat,
        "--out", modelDir.toString(), "--max-minutes", Double.toString(trainMinutes),
        // A short budget is better spent on one longer run than split with a refit.
        "--no-refit");
    if (code != 0) System.err.println("Training failed; serving the co-visitation scorer learned from the seed log.");
  }

  /**
   * Loads the demo shop's items that the catalogue lacks or knows only from events (no title). Not "only when the
   * catalogue is empty": an event that reached the node during its start made the catalogue hold that one
   * discovered item, and the demo shop then stayed empty.
   */
  private void loadDemoCatalogue(PushrecNode node) throws Exception {
    if (!Files.isRegularFile(catalogFile)) {
      System.err.println("No catalogue at " + catalogFile + ".");
      return;
    }
    List<CatalogItem> missing = missingFrom(node.catalog().get(), CatalogFile.read(catalogFile));
    if (missing.isEmpty()) return;
    System.err.println("Loading the demo catalogue: " + missing.size() + " items from " + catalogFile);
    CatalogImport.upsertAll(node.system(), missing, 32, Duration.ofSeconds(30), 500,
            done -> System.err.printf("  %d/%d items%n", done, missing.size()))
        .toCompletableFuture().get();
  }

  static List<CatalogItem> missingFrom(CatalogSnapshot catalog, List<CatalogItem> demo) {
    return demo.stream()
        .filter(item -> !catalog.contains(item.itemId()) || catalog.item(item.itemId()).title().isEmpty())
        .toList();
  }
}
