package io.pushrec.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.datastax.oss.driver.api.core.CqlSession;
import io.pushrec.cassandra.TestCassandra;
import java.nio.file.Files;
import java.nio.file.Path;
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
    try (CqlSession session = CqlSession.builder().addContactPoint(cassandra.address())
        .withLocalDatacenter("datacenter1").build()) {
      statements.forEach(session::execute);
    }

    try (TestNode node = TestNode.start(keyspace, null, Map.of(
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
