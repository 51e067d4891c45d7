package io.pushrec.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import io.pushrec.cassandra.TestCassandra;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The production DDL in cluster-config/schema.cql is complete: a node runs on it without creating anything. */
class ProductionSchemaIT {

  @Test
  void aNodeWithoutSchemaAutocreateRunsOnTheProductionSchema() throws Exception {
    String keyspace = TestNode.uniqueKeyspace("it_schema");
    TestCassandra.Endpoint cassandra = TestCassandra.ensureRunning();
    String ddl = Files.readString(Path.of("cluster-config/schema.cql"))
        .replaceAll("(?m)^--.*$", "")
        .replace("{'class': 'NetworkTopologyStrategy', 'datacenter1': 3}", "{'class': 'SimpleStrategy', 'replication_factor': 1}")
        .replace("pushrec_snapshot.", keyspace + "_snapshot.")
        .replace("EXISTS pushrec_snapshot", "EXISTS " + keyspace + "_snapshot")
        .replace("pushrec.", keyspace + ".")
        .replace("EXISTS pushrec", "EXISTS " + keyspace);
    List<String> statements = Arrays.stream(ddl.split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    // Contact points go through the config loader: the driver also reads application.conf, and an
    // addContactPoint() would be merged with the 9042 default there instead of replacing it.
    DriverConfigLoader onlyTestCassandra = DriverConfigLoader.programmaticBuilder()
        .withStringList(DefaultDriverOption.CONTACT_POINTS, List.of(cassandra.contactPoint()))
        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(30)).build();
    try (CqlSession session = CqlSession.builder().withConfigLoader(onlyTestCassandra).build()) {
      statements.forEach(session::execute);
    }

    // A seed of its own: a node with seeds forms its cluster only after reading the member records' table.
    int port = MultiNodeIT.freePort();
    try (TestNode node = TestNode.start(keyspace, null, Map.of(
        "pekko.remote.artery.canonical.port", port,
        "pekko.cluster.seed-nodes", List.of("pekko://pushrec@127.0.0.1:" + port),
        "pekko.persistence.cassandra.journal.keyspace-autocreate", false,
        "pekko.persistence.cassandra.journal.tables-autocreate", false,
        "pekko.persistence.cassandra.snapshot.keyspace-autocreate", false,
        "pekko.persistence.cassandra.snapshot.tables-autocreate", false))) {
      assertEquals(200, node.put("/v1/items/i1", "{\"title\":\"Glue\"}").statusCode());
      assertEquals("{\"accepted\":1,\"duplicates\":0}",
          node.post("/v1/events", "{\"eventId\":\"e1\",\"userId\":\"u1\",\"type\":\"view\",\"itemId\":\"i1\"}").body());
    }
  }
}
