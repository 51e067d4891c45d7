package io.pushrec.cluster;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.AddressFromURIString;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The cluster's members as recorded in Cassandra, beside the journal they write to: each member that is up rewrites
 * its row every few seconds with a time to live, so a row outlives its node by at most that time. {@link
 * FormationPlan} reads them to tell whether a cluster is alive on this journal.
 */
public final class MemberRecords {
  private final ClusterTables tables;
  private final String cluster;
  private final String table;
  private final Duration timeToLive;

  private MemberRecords(ClusterTables tables, String cluster, Duration timeToLive) {
    this.tables = tables;
    this.cluster = cluster;
    this.table = tables.table(ClusterTables.MEMBERS);
    this.timeToLive = timeToLive;
  }

  /** Records in the journal's keyspace. */
  public static MemberRecords of(ActorSystem<?> system, Duration timeToLive) {
    return new MemberRecords(ClusterTables.of(system), system.name(), timeToLive);
  }

  /** Addresses of the members whose rows have not expired. */
  public CompletionStage<Set<Address>> alive() {
    return tables.ready().thenCompose(ignored -> tables.session.selectAll(tables.statement(
        "SELECT address FROM " + table + " WHERE cluster = ?", cluster)))
        .thenApply(rows -> rows.stream().map(row -> AddressFromURIString.parse(row.getString("address")))
            .collect(Collectors.toCollection(HashSet::new)));
  }

  public CompletionStage<Done> record(Address member) {
    return tables.ready().thenCompose(ignored -> tables.session.executeWrite(tables.statement(
        "INSERT INTO " + table + " (cluster, address) VALUES (?, ?) USING TTL ?",
        cluster, member.toString(), (int) timeToLive.toSeconds())));
  }

  /** Removes a member that leaves gracefully, so that a cluster stopped node by node can be started again at once. */
  public CompletionStage<Done> remove(Address member) {
    return tables.ready().thenCompose(ignored -> tables.session.executeWrite(tables.statement(
        "DELETE FROM " + table + " WHERE cluster = ? AND address = ?", cluster, member.toString())));
  }
}
