package io.pushrec.cassandra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.Row;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Cassandra started by {@link CassandraLauncher} (or one already running on 127.0.0.1:9042) really serves CQL. */
class CassandraLauncherIT {

  private static final String KEYSPACE = "pushrec_launcher_it";

  private static CqlSession session;

  @BeforeAll
  static void connect() {
    TestCassandra.Endpoint endpoint = TestCassandra.ensureRunning();
    session = CqlSession.builder()
        .withConfigLoader(DriverConfigLoader.programmaticBuilder()
            // replace, not add to, the contact points application.conf may name
            .withStringList(DefaultDriverOption.CONTACT_POINTS, List.of(endpoint.contactPoint()))
            .withString(DefaultDriverOption.LOAD_BALANCING_LOCAL_DATACENTER, "datacenter1")
            // schema changes on a busy 2-core machine can take longer than the default 2 s
            .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(30))
            // no client-side schema metadata: each DDL would otherwise wait ~1 s for its debounced refresh
            .withBoolean(DefaultDriverOption.METADATA_SCHEMA_ENABLED, false)
            .build())
        .build();
    session.execute("DROP KEYSPACE IF EXISTS " + KEYSPACE);
    session.execute("CREATE KEYSPACE " + KEYSPACE
        + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
  }

  @AfterAll
  static void disconnect() {
    if (session != null) {
      session.execute("DROP KEYSPACE IF EXISTS " + KEYSPACE);
      session.close();
    }
  }

  @Test
  void writesAndReadsARow() {
    session.execute("CREATE TABLE " + KEYSPACE + ".greetings (id int PRIMARY KEY, text text, at timestamp)");
    session.execute("INSERT INTO " + KEYSPACE + ".greetings (id, text, at) VALUES (?, ?, toTimestamp(now()))",
        1, "hello cassandra");

    Row row = session.execute("SELECT text, at FROM " + KEYSPACE + ".greetings WHERE id = ?", 1).one();

    assertNotNull(row);
    assertEquals("hello cassandra", row.getString("text"));
    assertNotNull(row.getInstant("at"));
  }

  @Test
  void isTheCassandraThisProjectPins() {
    String version = session.execute("SELECT release_version FROM system.local").one().getString(0);
    if (TestCassandra.startedHere()) {
      assertTrue(version.startsWith("5.0."), "release_version " + version);
    }
  }

  /** The shapes and table options pekko-persistence-cassandra's keyspace/tables autocreate uses. */
  @Test
  void acceptsTheTableOptionsOfPekkoPersistenceCassandra() {
    session.execute("""
        CREATE TABLE IF NOT EXISTS %s.messages (
         persistence_id text, partition_nr bigint, sequence_nr bigint, timestamp timeuuid,
         timebucket text, writer_uuid text, ser_id int, ser_manifest text, event_manifest text,
         event blob, meta_ser_id int, meta_ser_manifest text, meta blob, tags set<text>,
         PRIMARY KEY ((persistence_id, partition_nr), sequence_nr, timestamp))
         WITH gc_grace_seconds = 864000
         AND compaction = {'class': 'SizeTieredCompactionStrategy', 'enabled': true,
          'tombstone_compaction_interval': 86400, 'tombstone_threshold': 0.2,
          'unchecked_tombstone_compaction': false, 'bucket_high': 1.5, 'bucket_low': 0.5,
          'max_threshold': 32, 'min_threshold': 4, 'min_sstable_size': 50}""".formatted(KEYSPACE));
    session.execute("""
        CREATE TABLE IF NOT EXISTS %s.tag_views (
         tag_name text, persistence_id text, sequence_nr bigint, timebucket bigint, timestamp timeuuid,
         tag_pid_sequence_nr bigint, writer_uuid text, ser_id int, ser_manifest text,
         event_manifest text, event blob, meta_ser_id int, meta_ser_manifest text, meta blob,
         PRIMARY KEY ((tag_name, timebucket), timestamp, persistence_id, tag_pid_sequence_nr))
         WITH gc_grace_seconds = 864000
         AND compaction = {'class': 'TimeWindowCompactionStrategy',
          'compaction_window_unit': 'HOURS', 'compaction_window_size': 1}""".formatted(KEYSPACE));
    session.execute("""
        CREATE TABLE IF NOT EXISTS %s.snapshots (
         persistence_id text, sequence_nr bigint, timestamp bigint, ser_id int, ser_manifest text,
         snapshot_data blob, snapshot blob, meta_ser_id int, meta_ser_manifest text, meta blob,
         PRIMARY KEY (persistence_id, sequence_nr))
         WITH CLUSTERING ORDER BY (sequence_nr DESC) AND gc_grace_seconds = 864000
         AND compaction = {'class': 'SizeTieredCompactionStrategy'}""".formatted(KEYSPACE));

    session.execute("INSERT INTO " + KEYSPACE + ".snapshots (persistence_id, sequence_nr, timestamp)"
        + " VALUES ('p-1', 1, 10)");
    session.execute("INSERT INTO " + KEYSPACE + ".snapshots (persistence_id, sequence_nr, timestamp)"
        + " VALUES ('p-1', 2, 20)");
    List<Long> newestFirst = session.execute("SELECT sequence_nr FROM " + KEYSPACE
            + ".snapshots WHERE persistence_id = 'p-1'").all().stream()
        .map(r -> r.getLong(0)).toList();
    assertEquals(List.of(2L, 1L), newestFirst);
  }

  @Test
  void refusesToStartWithoutCassandraJars(@TempDir Path dir) {
    CassandraLauncher.Settings settings = new CassandraLauncher.Settings(
        dir.resolve("no-lib"), dir.resolve("data"), "127.0.0.1", 19042, 17000, "256m");

    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> CassandraLauncher.start(settings, false));

    assertTrue(e.getMessage().contains("cassandra-all"), e.getMessage());
  }
}
