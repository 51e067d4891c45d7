package io.pushrec.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.Row;
import io.pushrec.cassandra.TestCassandra;
import io.pushrec.node.TestNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Pekko persistence reference counts only writes that are in the journal, with the events the raw loop writes. */
class JournalReferenceIT {

  @Test
  void everyAcknowledgedWriteIsAJournalRowOfTheRunsEventSize() throws Exception {
    TestCassandra.Endpoint cassandra = TestCassandra.ensureRunning();
    String keyspace = TestNode.uniqueKeyspace("it_journal_ref");
    int users = 20;

    Measurement m = JournalReference.run(new JournalReference.Settings(cassandra.address(), "datacenter1", keyspace,
        16, Duration.ofSeconds(60), 300, 160, users));

    assertEquals("journal", m.target());
    assertEquals(300, m.sentEvents());
    assertEquals(300, m.acknowledgedEvents(), "errors: " + m.errorsByStatus());
    assertTrue(m.acknowledgedPerSecond() > 0);
    DriverConfigLoader onlyTestCassandra = DriverConfigLoader.programmaticBuilder()
        .withStringList(DefaultDriverOption.CONTACT_POINTS, List.of(cassandra.contactPoint())).build();
    try (CqlSession session = CqlSession.builder().withConfigLoader(onlyTestCassandra).build()) {
      List<Row> rows = session.execute("SELECT persistence_id, event FROM " + keyspace + ".messages").all();
      // Each user's untimed first write recovers it; the timed ones follow.
      assertEquals(300 + users, rows.size());
      assertEquals(users, rows.stream().map(r -> r.getString("persistence_id")).distinct().count());
      assertTrue(rows.stream().allMatch(r -> r.getByteBuffer("event").remaining() == 160));
    }
  }
}
