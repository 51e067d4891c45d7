package io.pushrec.cli;

import io.pushrec.cassandra.CassandraLauncher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "cassandra", mixinStandardHelpOptions = true,
    description = "Runs a local single-node Cassandra 5 in the foreground (loopback only).")
final class CassandraCommand implements Callable<Integer> {
  @Option(names = "--data-dir", description = "Storage directory (default: ${DEFAULT-VALUE}).",
      defaultValue = "target/cassandra-data")
  Path dataDir;

  @Option(names = "--port", description = "CQL port (default: ${DEFAULT-VALUE}).", defaultValue = "9042")
  int port;

  // The default suits the demo; hours of benchmark writes filled 768m until Cassandra ran out of heap.
  @Option(names = "--heap", description = "Cassandra's heap, as -Xmx takes it, e.g. 2g (default: ${DEFAULT-VALUE}).",
      defaultValue = "768m")
  String heap;

  @Override
  public Integer call() throws Exception {
    if (!heap.matches("[1-9][0-9]*[kKmMgG]?")) {
      System.err.println("--heap must be a size as -Xmx takes it, such as 768m or 2g, not '" + heap + "'");
      return 2;
    }
    CassandraLauncher.Settings settings = CassandraLauncher.Settings.defaults(Path.of("."))
        .withDataDir(dataDir).withPorts(port, 7000).withHeap(heap);
    if (CassandraLauncher.isAnswering(settings.host(), port)) {
      System.err.println("Something already answers on " + settings.host() + ":" + port + "; not starting another.");
      return 1;
    }
    try (CassandraLauncher cassandra = CassandraLauncher.start(settings, true)) {
      Runtime.getRuntime().addShutdownHook(new Thread(cassandra::close, "cassandra-stop"));
      cassandra.awaitReady(Duration.ofMinutes(3));
      System.err.println("Cassandra is ready on " + settings.host() + ":" + port + " (Ctrl-C stops it)");
      return cassandra.waitFor();
    }
  }
}
