package io.pushrec.cluster;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.typesafe.config.Config;
import io.pushrec.SameThread;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.stream.connectors.cassandra.CassandraSessionSettings;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;

/**
 * The cluster's own tables, in the journal's keyspace beside the events they protect: the members recorded alive
 * ({@link MemberRecords}) and the shards' leases ({@link CassandraLease}). With the plugin's tables-autocreate they
 * are created where the plugin creates its own, since they may be the first thing a new cluster writes; without it
 * (production, cluster-config/schema.cql) a missing table is an error rather than a cluster left unguarded.
 */
final class ClusterTables {
  static final String MEMBERS = "cluster_members";
  static final String LEASES = "shard_leases";
  private static final String PLUGIN = "pekko.persistence.cassandra";
  /** Each table's columns, by its name. */
  private static final Map<String, String> COLUMNS = Map.of(
      MEMBERS, "(cluster text, address text, PRIMARY KEY (cluster, address))",
      LEASES, "(name text PRIMARY KEY, owner text)");

  final CassandraSession session;
  final String keyspace;
  final String profile;
  private final String createKeyspace;
  private final boolean createTables;

  private ClusterTables(CassandraSession session, String keyspace, String profile, String createKeyspace,
      boolean createTables) {
    this.session = session;
    this.keyspace = keyspace;
    this.profile = profile;
    this.createKeyspace = createKeyspace;
    this.createTables = createTables;
  }

  static ClusterTables of(ClassicActorSystemProvider system) {
    Config plugin = system.classicSystem().settings().config().getConfig(PLUGIN);
    Config journal = plugin.getConfig("journal");
    String keyspace = journal.getString("keyspace");
    String createKeyspace = journal.getBoolean("keyspace-autocreate")
        ? "CREATE KEYSPACE IF NOT EXISTS " + keyspace + " WITH replication = " + replication(journal) : "";
    // A session of its own: the registry keeps one session per config path, and had these tables opened the
    // plugin's first, the plugin's would lack the initialisation that creates the journal's tables.
    CassandraSession session = CassandraSessionRegistry.get(system).sessionFor(CassandraSessionSettings.create());
    return new ClusterTables(session, keyspace, plugin.getString("write-profile"), createKeyspace,
        journal.getBoolean("tables-autocreate"));
  }

  String table(String name) {
    return keyspace + "." + name;
  }

  SimpleStatement statement(String cql, Object... values) {
    return SimpleStatement.newInstance(cql, values).setExecutionProfileName(profile);
  }

  /** Completes once both tables exist (a lookup in the driver's metadata when they do). */
  CompletionStage<Done> ready() {
    return session.underlying().thenComposeAsync(this::create, SameThread.EXECUTOR);
  }

  private CompletionStage<Done> create(CqlSession cql) {
    List<String> missing = COLUMNS.keySet().stream().filter(name -> !hasTable(cql, name)).sorted().toList();
    if (missing.isEmpty()) return CompletableFuture.completedFuture(Done.getInstance());
    if (!createTables) {
      return CompletableFuture.failedFuture(new IllegalStateException(missing.stream().map(this::table)
          .collect(Collectors.joining(" and ")) + " missing: create them as cluster-config/schema.cql does"));
    }
    CompletionStage<Done> created = createKeyspace.isEmpty()
        ? CompletableFuture.completedFuture(Done.getInstance()) : session.executeDDL(createKeyspace);
    for (String name : missing) {
      String ddl = "CREATE TABLE IF NOT EXISTS " + table(name) + " " + COLUMNS.get(name);
      created = created.thenCompose(done -> session.executeDDL(ddl));
    }
    return created;
  }

  private boolean hasTable(CqlSession cql, String name) {
    return cql.getMetadata().getKeyspace(keyspace).flatMap(k -> k.getTable(name)).isPresent();
  }

  private static String replication(Config journal) {
    if (!journal.getString("replication-strategy").equals("NetworkTopologyStrategy")) {
      return "{'class': 'SimpleStrategy', 'replication_factor': " + journal.getInt("replication-factor") + "}";
    }
    List<String> factors = journal.getStringList("data-center-replication-factors");
    return factors.stream().map(dcFactor -> dcFactor.split(":"))
        .map(pair -> "'" + pair[0] + "': " + pair[1])
        .collect(Collectors.joining(", ", "{'class': 'NetworkTopologyStrategy', ", "}"));
  }
}
