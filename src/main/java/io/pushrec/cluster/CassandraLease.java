package io.pushrec.cluster;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.coordination.lease.LeaseException;
import org.apache.pekko.coordination.lease.LeaseSettings;
import org.apache.pekko.coordination.lease.LeaseTimeoutException;
import org.apache.pekko.coordination.lease.javadsl.Lease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lease held as a row of Cassandra, in the journal's keyspace: taken only where no row or this owner's row is, and
 * renewed every heartbeat, both by lightweight transactions that write the row with a time to live. A holder that
 * stops renewing (dead, paused, cut off from Cassandra) loses the lease when its row expires, and stops believing it
 * holds it a second earlier, since Cassandra counts a time to live in whole seconds.
 *
 * <p>Cluster sharding takes one per shard before it starts the shard's entities ({@code use-lease}), so a user runs in
 * one place even where two clusters write the same journal: a restarted node that formed a cluster of its own, or a
 * node that wakes from a long pause after the others took over its shards. Without it, both incarnations of a user
 * would write the same sequence numbers, and each would overwrite the other's acknowledged events.
 */
public final class CassandraLease extends Lease {
  private static final Logger log = LoggerFactory.getLogger(CassandraLease.class);
  /** Cassandra expires a row at a whole second, up to a second before the time to live is over. */
  private static final long EXPIRY_ROUNDING_NANOS = Duration.ofSeconds(1).toNanos();

  private final LeaseSettings settings;
  private final ExtendedActorSystem system;
  private final ClusterTables tables;
  private final String table;
  private final String owner;
  private final int timeToLiveSeconds;
  private final Duration operationTimeout;

  /** When the belief that this owner holds the lease ends; 0 while it does not hold it. Guarded by this. */
  private long validUntilNanos;
  /** Counts acquisitions and losses, so that a renewal answered after a loss or release changes nothing. */
  private long term;
  private Cancellable heartbeat;
  private Consumer<Optional<Throwable>> onLost = cause -> { };

  /** Called by Pekko's lease provider for the config path named in {@code use-lease}. */
  public CassandraLease(LeaseSettings settings, ExtendedActorSystem system) {
    this.settings = settings;
    this.system = system;
    this.tables = ClusterTables.of(system);
    this.table = tables.table(ClusterTables.LEASES);
    this.owner = settings.ownerName();
    long timeToLive = settings.timeoutSettings().getHeartbeatTimeout().toSeconds();
    if (timeToLive < 2) throw new IllegalArgumentException("heartbeat-timeout must be at least 2s: " + settings);
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
            // This owner's own row: left by its previous incarnation at the same address, or taken twice.
            : renewal().thenApply(row -> row.getBoolean("[applied]")))
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
    long acquired = term;
    Duration interval = settings.timeoutSettings().getHeartbeatInterval();
    heartbeat = system.scheduler().scheduleWithFixedDelay(interval, interval, () -> renew(acquired),
        system.dispatcher());
  }

  private void renew(long acquired) {
    synchronized (this) {
      if (term != acquired) return;
      if (System.nanoTime() - validUntilNanos >= 0) {
        lose(acquired, new LeaseTimeoutException("lease " + settings.leaseName() + " not renewed in time"));
        return;
      }
    }
    long sent = System.nanoTime();
    renewal().whenComplete((row, failure) -> {
      if (failure != null) {
        // Tried again at the next heartbeat; the lease is lost only once the belief runs out.
        log.warn("Renewing lease {} failed: {}", settings.leaseName(), failure.toString());
      } else if (row.getBoolean("[applied]")) {
        synchronized (this) {
          if (term == acquired) validUntilNanos = believedUntil(sent);
        }
      } else {
        lose(acquired, new LeaseException("lease " + settings.leaseName() + " is held by "
            + Optional.ofNullable(row.getString("owner")).orElse("nobody") + " now"));
      }
    });
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
    if (heartbeat != null) heartbeat.cancel();
    heartbeat = null;
  }

  private long believedUntil(long sentNanos) {
    return sentNanos + Duration.ofSeconds(timeToLiveSeconds).toNanos() - EXPIRY_ROUNDING_NANOS;
  }

  private CompletionStage<Row> renewal() {
    return lightweight("UPDATE " + table + " USING TTL ? SET owner = ? WHERE name = ? IF owner = ?",
        timeToLiveSeconds, owner, settings.leaseName(), owner);
  }

  private CompletionStage<Row> lightweight(String cql, Object... values) {
    SimpleStatement statement = tables.statement(cql, values).setTimeout(operationTimeout);
    // A lightweight transaction always answers one row, with [applied] and, when not applied, the row it found.
    return tables.session.selectOne(statement).thenApply(Optional::orElseThrow);
  }
}
