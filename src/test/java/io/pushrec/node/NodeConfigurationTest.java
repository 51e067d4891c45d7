package io.pushrec.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeConfigurationTest {
  @Test
  void theUserJournalFollowsTheKeyspaceAndSchemaSettingsALayerGivesTheCassandraPlugin() {
    Config config = PushrecNode.configuration(ConfigFactory.parseMap(Map.of(
        "pekko.persistence.cassandra.journal.keyspace", "shop_a",
        "pekko.persistence.cassandra.journal.tables-autocreate", false)));
    Config users = config.getConfig(config.getString("pushrec.user-journal").replaceFirst("\\.journal$", ""));
    assertEquals("shop_a", users.getString("journal.keyspace"), "users and items share one keyspace");
    assertFalse(users.getBoolean("journal.tables-autocreate"));
    assertFalse(users.getBoolean("events-by-tag.enabled"), "user events carry no tags");
    assertTrue(config.getBoolean("pekko.persistence.cassandra.events-by-tag.enabled"), "the catalogue replays by tag");
  }

  @Test
  void aRenamedSettingStopsTheStartWithTheNameThatReplacedIt() {
    Config oldItemCount =
        PushrecNode.configuration(ConfigFactory.parseMap(Map.of("pushrec.catalog.ann-above", 200000)));
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> PushrecNode.rejectReplacedSettings(oldItemCount, Map.of()));
    assertTrue(error.getMessage().contains("pushrec.catalog.ann-above-size"), error.getMessage());
    Config defaults = PushrecNode.configuration(ConfigFactory.empty());
    assertThrows(IllegalArgumentException.class,
        () -> PushrecNode.rejectReplacedSettings(defaults, Map.of("PUSHREC_ANN_ABOVE", "200000")));
    PushrecNode.rejectReplacedSettings(defaults, Map.of("PUSHREC_ANN_ABOVE_SIZE", "16MiB"));
  }
}
