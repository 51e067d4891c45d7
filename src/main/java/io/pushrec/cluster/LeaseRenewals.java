package io.pushrec.cluster;

import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import io.pushrec.SameThread;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews every {@link CassandraLease} an actor system holds, together: one heartbeat for all of them, and their rows
 * written in batches rather than one request each. On the 2-core machine this was built on, each request to an
 * otherwise idle Cassandra cost it about 10 ms of CPU (its threads spin before they park): 33 renewals a second, a node
 * holding a third of 100 shards, took a third of a core. Batches of at most 10 rows stay under Cassandra's warning
 * threshold for a batch across partitions.
 */
final class LeaseRenewals implements Extension {
  static final int ROWS_PER_BATCH = 10;
  private static final Logger log = LoggerFactory.getLogger(LeaseRenewals.class);

  static final class Id extends AbstractExtensionId<LeaseRenewals> {
    static final Id INSTANCE = new Id();

    @Override
    public LeaseRenewals createExtension(ExtendedActorSystem system) {
      return new LeaseRenewals(system);
    }
  }

  private final ExtendedActorSystem system;
  private final ClusterTables tables;
  private final Set<CassandraLease> held = ConcurrentHashMap.newKeySet();
  /** The heartbeat all leases share, set by the first; null until then. Guarded by this. */
  private Duration interval;

  private LeaseRenewals(ExtendedActorSystem system) {
    this.system = system;
    this.tables = ClusterTables.of(system);
  }

  static LeaseRenewals of(ExtendedActorSystem system) {
    return Id.INSTANCE.get(system);
  }

  /** From now on the lease is renewed at every heartbeat, all leases of this system at the same heartbeat. */
  synchronized void add(CassandraLease lease, Duration leaseInterval) {
    if (interval == null) {
      interval = leaseInterval;
      system.scheduler().scheduleWithFixedDelay(interval, interval, this::renewAll, system.dispatcher());
    } else if (!interval.equals(leaseInterval)) {
      throw new IllegalArgumentException("the leases of one actor system share their heartbeat-interval, " + interval
          + "; got " + leaseInterval);
    }
    held.add(lease);
  }

  void remove(CassandraLease lease) {
    held.remove(lease);
  }

  private void renewAll() {
    // Taken before any belief is checked: no row may be stamped later than the moment its lease was still held.
    long sent = System.nanoTime();
    long decidedMicros = TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis());
    List<CassandraLease.Renewal> due = new ArrayList<>();
    for (CassandraLease lease : held) lease.renewalAt(sent).ifPresent(due::add);
    for (int from = 0; from < due.size(); from += ROWS_PER_BATCH) {
      List<CassandraLease.Renewal> chunk = due.subList(from, Math.min(due.size(), from + ROWS_PER_BATCH));
      tables.session.prepare(CassandraLease.renewalCql(tables)).thenComposeAsync(update -> {
        List<BatchableStatement<?>> rows = chunk.stream()
            .<BatchableStatement<?>>map(renewal -> renewal.bind(update, decidedMicros)).toList();
        return tables.session.executeWriteBatch(BatchStatement.newInstance(DefaultBatchType.UNLOGGED, rows)
            .setExecutionProfileName(tables.profile));
      }, SameThread.EXECUTOR).whenComplete((done, failure) -> {
        if (failure != null) {
          // Tried again at the next heartbeat; a lease is lost only once its holder's belief runs out.
          log.warn("Renewing {} leases failed: {}", chunk.size(), failure.toString());
        } else {
          chunk.forEach(renewal -> renewal.renewed(sent));
        }
      });
    }
  }
}
