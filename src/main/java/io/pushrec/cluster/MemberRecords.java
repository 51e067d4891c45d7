package io.pushrec.cluster;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.typesafe.config.Config;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.AddressFromURIString;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.connectors.cassandra.CassandraSessionSettings;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;

/**
 * The cluster's members as recorded in Cassandra, beside the journal they write to: each member that is up rewrites
 * its row every few seconds with a time to live, so a row outlives its node by at most that time. {@link
 * FormationPlan} reads them to tell whether a cluster is alive on this journal.
 */
public final class MemberRecords {
  private static final String PLUGIN = "pekko.persistence.cassandra";

  private final CassandraSession session;
  private final String cluster;
  private final String table;
  private final String profile;
  private final Duration timeToLive;
  private final String createKeyspace;
  private final boolean createTable;

  private MemberRecords(CassandraSession session, String cluster, String keyspace, String profile,
      Duration timeToLive, String createKeyspace, boolean createTable) {
    this.session = session;
    this.cluster = cluster;
    this.table = keyspace + ".cluster_members";
    this.profile = profile;
    this.timeToLive = timeToLive;
    this.createKeyspace = createKeyspace;
    this.createTable = createTable;
  }

  /** Records in the journal's keyspace. */
  public static MemberRecords of(ActorSystem<?> system, Duration timeToLive) {
    Config plugin = system.settings().config().getConfig(PLUGIN);
    Config journal = plugin.getConfig("journal");
    String keyspace = journal.getString("keyspace");
    // The records create their keyspace and table where the plugin would create its own: they may be the first
    // thing a new cluster writes.
    String createKeyspace = journal.getBoolean("keyspace-autocreate")
        ? "CREATE KEYSPACE IF NOT EXISTS " + keyspace + " WITH replication = " + replication(journal) : "";
    // A session of its own: the registry keeps one session per config path, and had the records opened the plugin's
    // first, the plugin's would lack the initialisation that creates the journal's tables.
    CassandraSession session = CassandraSessionRegistry.get(system).sessionFor(CassandraSessionSettings.create());
    return new MemberRecords(session, system.name(), keyspace,
        plugin.getString("write-profile"), timeToLive, createKeyspace, journal.getBoolean("tables-autocreate"));
  }

  /** Addresses of the members whose rows have not expired. */
  public CompletionStage<Set<Address>> alive() {
    return schema().thenCompose(ignored -> session.selectAll(statement(
        "SELECT address FROM " + table + " WHERE cluster = ?", cluster)))
        .thenApply(rows -> rows.stream().map(row -> AddressFromURIString.parse(row.getString("address")))
            .collect(Collectors.toCollection(HashSet::new)));
  }

  public CompletionStage<Done> record(Address member) {
    return schema().thenCompose(ignored -> session.executeWrite(statement(
        "INSERT INTO " + table + " (cluster, address) VALUES (?, ?) USING TTL ?",
        cluster, member.toString(), (int) timeToLive.toSeconds())));
  }

  /** Removes a member that leaves gracefully, so that a cluster stopped node by node can be started again at once. */
  public CompletionStage<Done> remove(Address member) {
    return schema().thenCompose(ignored -> session.executeWrite(statement(
        "DELETE FROM " + table + " WHERE cluster = ? AND address = ?", cluster, member.toString())));
  }

  /**
   * Creates the table where the plugin would create its own. Without tables-autocreate (production, schema.cql) a
   * missing table is an error: nothing could then tell a restarted first seed that its cluster is still running.
   */
  private CompletionStage<Done> schema() {
    return session.underlying().thenCompose(cql -> {
      if (hasTable(cql)) return CompletableFuture.completedFuture(Done.getInstance());
      if (!createTable) {
        return CompletableFuture.failedFuture(new IllegalStateException(
            table + " does not exist: create it as cluster-config/schema.cql does"));
      }
      CompletionStage<Done> keyspace = createKeyspace.isEmpty()
          ? CompletableFuture.completedFuture(Done.getInstance()) : session.executeDDL(createKeyspace);
      return keyspace.thenCompose(done -> session.executeDDL(
          "CREATE TABLE IF NOT EXISTS " + table + " (cluster text, address text, PRIMARY KEY (cluster, address))"));
    });
  }

  private boolean hasTable(CqlSession cql) {
    String[] parts = table.split("\\.");
    return cql.getMetadata().getKeyspace(parts[0]).flatMap(keyspace -> keyspace.getTable(parts[1])).isPresent();
  }

  private SimpleStatement statement(String cql, Object... values) {
    return SimpleStatement.newInstance(cql, values).setExecutionProfileName(profile);
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
