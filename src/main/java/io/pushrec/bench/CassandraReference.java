package io.pushrec.bench;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The hardware's limit for pushrec's writes: a plain driver loop inserting rows shaped like the journal's
 * {@code messages} rows (same columns, same event size, same QUORUM consistency as the journal's write profile)
 * into a scratch keyspace, with a bounded number of writes in flight. Nothing else: no actors, no HTTP, no reads.
 */
public final class CassandraReference {
  // The journal's own table definition (pekko-persistence-cassandra 1.1), so the write path costs the same.
  private static final String MESSAGES_TABLE = """
      CREATE TABLE IF NOT EXISTS %s.messages (
        persistence_id text, partition_nr bigint, sequence_nr bigint, timestamp timeuuid, timebucket text,
        writer_uuid text, ser_id int, ser_manifest text, event_manifest text, event blob,
        meta_ser_id int, meta_ser_manifest text, meta blob, tags set<text>,
        PRIMARY KEY ((persistence_id, partition_nr), sequence_nr, timestamp))
      WITH gc_grace_seconds = 864000
      AND compaction = {'class': 'SizeTieredCompactionStrategy', 'enabled': true, 'tombstone_compaction_interval': 86400,
        'tombstone_threshold': 0.2, 'unchecked_tombstone_compaction': false, 'bucket_high': 1.5, 'bucket_low': 0.5,
        'max_threshold': 32, 'min_threshold': 4, 'min_sstable_size': 50}""";
  private static final String INSERT = "INSERT INTO %s.messages (persistence_id, partition_nr, sequence_nr, timestamp,"
      + " timebucket, writer_uuid, ser_id, ser_manifest, event_manifest, event, tags) VALUES (?,?,?,?,?,?,?,?,?,?,?)";

  public record Settings(InetSocketAddress cassandra, String datacenter, String keyspace, int concurrency,
      Duration duration, long maxRows, int eventBytes, int users) {}

  private CassandraReference() {}

  public static Measurement run(Settings settings) throws InterruptedException {
    try (CqlSession session = CqlSession.builder().addContactPoint(settings.cassandra())
        .withLocalDatacenter(settings.datacenter()).build()) {
      session.execute("CREATE KEYSPACE IF NOT EXISTS " + settings.keyspace()
          + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
      session.execute(String.format(MESSAGES_TABLE, settings.keyspace()));
      PreparedStatement insert = session.prepare(String.format(INSERT, settings.keyspace()));
      String writer = UUID.randomUUID().toString();
      String run = Long.toString(System.currentTimeMillis(), 36);
      byte[] payload = new byte[settings.eventBytes()];
      new SplittableRandom(1).nextBytes(payload);
      long[] nextSequence = new long[settings.users()];
      SplittableRandom random = new SplittableRandom(2);
      return ClosedLoop.run("cassandra", settings.concurrency(), settings.duration(), settings.maxRows(), () -> {
        int user = random.nextInt(settings.users());
        return session.executeAsync(insert.bind("User|" + run + "-" + user, 0L, ++nextSequence[user],
                Uuids.timeBased(), "0", writer, 33, "io.pushrec.user.UserEntity$EventRecorded", "",
                ByteBuffer.wrap(payload), Set.of())
            .setConsistencyLevel(ConsistencyLevel.QUORUM));
      });
    }
  }
}
