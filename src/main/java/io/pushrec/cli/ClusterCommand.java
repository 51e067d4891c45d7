package io.pushrec.cli;

import io.pushrec.cassandra.CassandraLauncher;
import io.pushrec.cluster.LocalCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "cluster", mixinStandardHelpOptions = true,
    description = "Runs a local cluster to try out: Cassandra (reused if one answers on 9042) and N nodes, each its "
        + "own JVM with cluster-config/nodeN.conf (HTTP 8281.., remoting 25721..). Ctrl-C stops them all.")
final class ClusterCommand implements Callable<Integer> {
  @Option(names = "--nodes", defaultValue = "3", description = "How many nodes, 1 to 3 (default: ${DEFAULT-VALUE}).")
  int nodeCount;

  @Option(names = "--config-dir", defaultValue = "cluster-config",
      description = "Directory with node1.conf .. node3.conf (default: ${DEFAULT-VALUE}).")
  Path configDir;

  @Option(names = "--keyspace", description = "Journal keyspace (snapshots in KEYSPACE_snapshot); default: pushrec.")
  String keyspace;

  @Option(names = "--heap", defaultValue = "512m", description = "Heap of each node JVM (default: ${DEFAULT-VALUE}).")
  String heap;

  @Option(names = "--cassandra-data", defaultValue = "target/cassandra-data",
      description = "Storage directory if Cassandra has to be started (default: ${DEFAULT-VALUE}).")
  Path cassandraData;

  @Override
  public Integer call() throws Exception {
    if (nodeCount < 1 || nodeCount > 3) throw new IllegalArgumentException("--nodes must be 1, 2 or 3");
    Map<String, String> env = new HashMap<>();
    if (keyspace != null) {
      env.put("PUSHREC_KEYSPACE", keyspace);
      env.put("PUSHREC_SNAPSHOT_KEYSPACE", keyspace + "_snapshot");
    }
    CassandraLauncher cassandra = CassandraLauncher.reuseOrStart(cassandraData);
    LocalCluster cluster = new LocalCluster(configDir, Path.of("target", "cluster"), env, heap);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      cluster.close();
      if (cassandra != null) cassandra.close();
    }, "pushrec-cluster-stop"));
    // One after the other: the first seed forms the cluster and creates the keyspaces before the others join.
    for (int n = 1; n <= nodeCount; n++) {
      cluster.start(n);
      cluster.awaitReady(n, Duration.ofMinutes(4));
      System.err.println("node " + n + " ready: http://127.0.0.1:" + LocalCluster.httpPort(n) + "/  (log "
          + cluster.log(n) + ")");
    }
    System.err.println("cluster of " + nodeCount + " running; Ctrl-C stops it");
    cluster.awaitAnyExit();
    return 0;
  }
}
