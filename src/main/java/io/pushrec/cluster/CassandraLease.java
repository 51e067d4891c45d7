package io.pushrec.cluster;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.pushrec.SameThread;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.coordination.lease.LeaseSettings;
import org.apache.pekko.coordination.lease.LeaseTimeoutException;
import org.apache.pekko.coordination.lease.javadsl.Lease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lease held as a row of Cassandra, in the journal's keyspace. It is taken by a lightweight transaction, only where
 * no row or this owner's row is, and renewed every heartbeat by a plain write; both give the row a time to live. A
 * holder that stops renewing (dead, paused, cut off from Cassandra) loses the lease when its row expires, and stops
 * believing it holds it two seconds earlier: one because Cassandra counts a time to live in whole seconds, one for the
 * clocks of the nodes and of Cassandra, which the renewals' timestamps below rely on.
 *
 * <p>Cluster sharding takes one per shard before it starts the shard's entities ({@code use-lease}), so a user runs in
 * one place even where two clusters write the same journal: a restarted node that formed a cluster of its own, or a
 * node that wakes from a long pause after the others took over its shards. Without it, both incarnations of a user
 * would write the same sequence numbers, and each would overwrite the other's acknowledged events.
 *
 * <p>Renewals are plain writes, of all the leases a node holds together ({@link LeaseRenewals}), not transactions: a
 * request cost an otherwise idle Cassandra here about 10 ms of CPU, a lightweight transaction no less. A plain write
 * cannot check that the row is still this owner's, and need not: while the belief holds the row cannot have expired,
 * so nobody else can have taken it. A renewal that arrives late, after the row expired and another node took it,
 * carries the time it was decided on, before the belief ended, as its write timestamp; the other node's row is
 * younger and wins.
 */
public final class CassandraLease extends Lease {
  private static final Logger log = LoggerFactory.getLogger(CassandraLease.class);
  /** A second for Cassandra's rounding of an expiry to whole seconds, a second for clocks apart. */
  private static final long BELIEF_MARGIN_NANOS = Duration.ofSeconds(2).toNanos();

  private final LeaseSettings settings;
  private final LeaseRenewals renewals;
  private final ClusterTables tables;
  private final String table;
  private final String owner;
  private final int timeToLiveSeconds;
  private final Duration operationTimeout;

  /** When the belief that this owner holds the lease ends; 0 while it does not hold it. Guarded by this. */
  private long validUntilNanos;
  /** Counts acquisitions and losses, so that a renewal answered after a loss or release changes nothing. */
  private long term;
  private Consumer<Optional<Throwable>> onLost = cause -> { };

  /** Called by Pekko's lease provider for the config path named in {@code use-lease}. */
  public CassandraLease(LeaseSettings settings, ExtendedActorSystem system) {
    this.settings = settings;
    this.renewals = LeaseRenewals.of(system);
    this.tables = ClusterTables.of(system);
    this.table = tables.table(ClusterTables.LEASES);
    this.owner = settings.ownerName();
    long timeToLive = settings.timeoutSettings().getHeartbeatTimeout().toSeconds();
    if (timeToLive < 3) throw new IllegalArgumentException("heartbeat-timeout must be at least 3s: " + settings);
    this.timeToLiveSeconds = (int) timeToLive;
    this.operationTimeout = settings.timeoutSettings().getOperationTimeout();
  }

  @Override
  public LeaseSettings getSettings() {
    return settings;
  }

  @Override
  public CompletionStage<Boolean> acquire() {
    return acquire(cause -> { });
  }

  @Override
  public CompletionStage<Boolean> acquire(Consumer<Optional<Throwable>> leaseLostCallback) {
    long sent = System.nanoTime();
    return tables.ready().thenCompose(ready -> lightweight(
            "INSERT INTO " + table + " (name, owner) VALUES (?, ?) IF NOT EXISTS USING TTL ?",
            settings.leaseName(), owner, timeToLiveSeconds))
        .thenCompose(inserted -> inserted.getBoolean("[applied]") || !owner.equals(inserted.getString("owner"))
            ? CompletableFuture.completedFuture(inserted.getBoolean("[applied]"))
            : retaking().thenApply(row -> row.getBoolean("[applied]")))
        .thenApply(taken -> {
          if (taken) held(sent, leaseLostCallback);
          return taken;
        });
  }

  @Override
  public CompletionStage<Boolean> release() {
    synchronized (this) {
      stopBelieving();
    }
    return lightweight("DELETE FROM " + table + " WHERE name = ? IF owner = ?", settings.leaseName(), owner)
        .thenApply(row -> row.getBoolean("[applied]"));
  }

  @Override
  public synchronized boolean checkLease() {
    return validUntilNanos != 0 && System.nanoTime() - validUntilNanos < 0;
  }

  private synchronized void held(long sentNanos, Consumer<Optional<Throwable>> leaseLostCallback) {
    stopBelieving();
    validUntilNanos = believedUntil(sentNanos);
    onLost = leaseLostCallback;
    renewals.add(this, settings.timeoutSettings().getHeartbeatInterval());
  }

  /** One row of a heartbeat's renewals: this lease as it was held when the heartbeat decided to renew it. */
  record Renewal(CassandraLease lease, long term) {
    BoundStatement bind(PreparedStatement update, long decidedMicros) {
      return update.bind(lease.timeToLiveSeconds, decidedMicros, lease.owner, lease.settings.leaseName());
    }

    void renewed(long sentNanos) {
      synchronized (lease) {
        if (lease.term == term) lease.validUntilNanos = lease.believedUntil(sentNanos);
      }
    }
  }

  /** The renewal decided at {@code sentNanos}, or none: not held, or held no longer, which loses it now. */
  Optional<Renewal> renewalAt(long sentNanos) {
    long held;
    synchronized (this) {
      if (validUntilNanos == 0) return Optional.empty();
      if (sentNanos - validUntilNanos < 0) return Optional.of(new Renewal(this, term));
      held = term;
    }
    lose(held, new LeaseTimeoutException("lease " + settings.leaseName() + " not renewed in time"));
    return Optional.empty();
  }

  static String renewalCql(ClusterTables tables) {
    return "UPDATE " + tables.table(ClusterTables.LEASES) + " USING TTL ? AND TIMESTAMP ? SET owner = ? WHERE name = ?";
  }

  private void lose(long acquired, Throwable cause) {
    Consumer<Optional<Throwable>> callback;
    synchronized (this) {
      if (term != acquired) return;
      callback = onLost;
      stopBelieving();
    }
    log.warn("Lost lease {}: {}", settings.leaseName(), cause.getMessage());
    callback.accept(Optional.of(cause));
  }

  /** Guarded by this. */
  private void stopBelieving() {
    term++;
    validUntilNanos = 0;
    renewals.remove(this);
  }

  private long believedUntil(long sentNanos) {
    return sentNanos + Duration.ofSeconds(timeToLiveSeconds).toNanos() - BELIEF_MARGIN_NANOS;
  }

  /** Taking back this owner's own row, left by its previous incarnation at the same address or taken twice. */
  private CompletionStage<Row> retaking() {
    return lightweight("UPDATE " + table + " USING TTL ? SET owner = ? WHERE name = ? IF owner = ?",
        timeToLiveSeconds, owner, settings.leaseName(), owner);
  }

  private CompletionStage<Row> lightweight(String cql, Object... values) {
    // The driver prepares each statement once per session and answers later calls from its cache. A lightweight
    // transaction always answers one row, with [applied] and, when not applied, the row it found.
    return tables.session.prepare(cql).thenComposeAsync(statement -> tables.session.selectOne(statement.bind(values)
            .setExecutionProfileName(tables.profile).setTimeout(operationTimeout)), SameThread.EXECUTOR)
        .thenApply(Optional::orElseThrow);
  }
}
