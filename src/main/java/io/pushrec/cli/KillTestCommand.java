package io.pushrec.cli;

import io.pushrec.cassandra.CassandraLauncher;
import io.pushrec.cluster.KillTest;
import io.pushrec.cluster.LocalCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "killtest", mixinStandardHelpOptions = true,
    description = "Fault test on this machine: Cassandra (reused if one answers on 9042) and 3 nodes as separate JVMs "
        + "on fresh keyspaces; events through all nodes with retries, kill -9 of node 2 halfway, restart; then a "
        + "rolling restart of all nodes under load. Checks that no acknowledged event is lost or counted twice. Prints the figures; exit code 0 when all checks hold.")
final class KillTestCommand implements Callable<Integer> {
  @Option(names = "--events", defaultValue = "10000", description = "Events of the fault run (default: ${DEFAULT-VALUE}).")
  int events;

  @Option(names = "--users", defaultValue = "500", description = "Users they belong to (default: ${DEFAULT-VALUE}).")
  int users;

  @Option(names = "--batch", defaultValue = "5", description = "Events per request (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--concurrency", defaultValue = "8", description = "Requests at once (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--probe-concurrency", defaultValue = "32",
      description = "Requests the availability probe has in flight at once after the kill; at --users or more, every"
          + " user is its own client with one request at a time (default: ${DEFAULT-VALUE}).")
  int probeConcurrency;

  @Option(names = "--sockets-per-node", defaultValue = "10",
      description = "Push WebSockets opened on each node (default: ${DEFAULT-VALUE}).")
  int socketsPerNode;

  @Option(names = "--cpu-events", defaultValue = "2000",
      description = "Events per node of each round of the CPU measurement (default: ${DEFAULT-VALUE}).")
  int cpuEvents;

  @Option(names = "--cpu-rate", defaultValue = "100",
      description = "Events per second per node of the CPU measurement's rounds; 0 sends them flat out (default: ${DEFAULT-VALUE}).")
  double cpuRate;

  @Option(names = "--cpu", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Measure the CPU per event with 1, 2 and 3 nodes first (default: on; --no-cpu skips it).")
  boolean measureCpu;

  @Option(names = "--rolling-restart", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "After the kill, restart every node in turn with SIGTERM under load and check again "
          + "(default: on; --no-rolling-restart skips it).")
  boolean rollingRestart;

  @Option(names = "--kill-node", defaultValue = "2",
      description = "The node killed with kill -9 and restarted, 1-3; 1 is the first seed (default: ${DEFAULT-VALUE}).")
  int killNode;

  @Spec
  CommandSpec spec;

  @Option(names = "--shard-aware",
      description = "The CPU phase's client sends each request to the node that holds its users (GET /v1/routing),"
          + " with events grouped by that node, instead of to all nodes in turn")
  boolean shardAware;

  @Option(names = "--cpu-control",
      description = "Instead of the test: start the three nodes as three one-node clusters and measure their CPU per"
          + " event as the CPU phase does, to tell the cluster's cost from the machine's")
  boolean cpuControl;

  @Option(names = "--heap", defaultValue = "384m", description = "Heap of each node JVM (default: ${DEFAULT-VALUE}).")
  String heap;

  @Option(names = "--config-dir", defaultValue = "cluster-config",
      description = "Directory with node1.conf .. node3.conf (default: ${DEFAULT-VALUE}).")
  Path configDir;

  @Option(names = "--cassandra-data", defaultValue = "target/cassandra-data",
      description = "Storage directory if Cassandra has to be started (default: ${DEFAULT-VALUE}).")
  Path cassandraData;

  @Override
  public Integer call() throws Exception {
    if (cpuControl && shardAware) {
      // Each of the control's nodes is a cluster of its own that holds every shard: there is nothing to route.
      throw new ParameterException(spec.commandLine(), "--shard-aware does not apply to --cpu-control");
    }
    if (killNode < 1 || killNode > 3) throw new ParameterException(spec.commandLine(), "--kill-node must be 1, 2 or 3");
    String keyspace = "killtest_" + Long.toString(System.currentTimeMillis(), 36);
    Path workDir = Files.createDirectories(Path.of("target", "killtest", keyspace));
    Path seedLog = workDir.resolve("seed.txt");
    KillTest.writeSeedLog(seedLog);
    CassandraLauncher cassandra = CassandraLauncher.reuseOrStart(cassandraData);
    Map<String, String> env = Map.of("PUSHREC_KEYSPACE", keyspace, "PUSHREC_SNAPSHOT_KEYSPACE", keyspace + "_snapshot",
        "PUSHREC_SEED_LOG", seedLog.toAbsolutePath().toString());
    System.out.println("kill test on keyspace " + keyspace + "; node logs in " + workDir);
    boolean passed;
    try (LocalCluster cluster = new LocalCluster(configDir, workDir, env, heap)) {
      // Ctrl-C or a kill must not leave node JVMs behind to answer on the next run's ports.
      Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "killtest-nodes-stop"));
      KillTest test = new KillTest(cluster, new KillTest.Settings(events, users, batch, concurrency, probeConcurrency,
          socketsPerNode, cpuEvents, cpuRate, measureCpu, shardAware, rollingRestart, killNode));
      if (cpuControl) {
        test.measureUnclusteredNodes(keyspace);
        passed = true;
      } else {
        passed = test.run();
      }
    } finally {
      if (cassandra != null) cassandra.close();
    }
    System.out.println(cpuControl ? "CPU control done" : passed ? "kill test PASSED" : "kill test FAILED");
    return passed ? 0 : 1;
  }
}
