package io.pushrec.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.pushrec.node.PushrecNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.pekko.cluster.sharding.typed.HashCodeMessageExtractor;
import org.junit.jupiter.api.Test;

class ShardRoutingTest {

  /** Clients compute a user's shard from the formula the table states; it must be the one sharding uses. */
  @Test
  void theStatedShardFormulaIsTheOneShardingUses() {
    HashCodeMessageExtractor<Object> sharding = new HashCodeMessageExtractor<>(50);
    Random random = new Random(7);
    int negativeHashes = 0;
    for (int i = 0; i < 20_000; i++) {
      String userId = i % 3 == 0 ? "user-" + i : i % 3 == 1 ? "ünïcødé-" + random.nextLong() : Long.toString(random.nextLong(), 36);
      if (userId.hashCode() < 0) negativeHashes++;
      assertEquals(sharding.shardId(userId), Integer.toString(Math.abs(userId.hashCode()) % 50), userId);
    }
    assertTrue(negativeHashes > 1_000, "the ids cover negative hashes");
    assertTrue(ShardRouting.SHARD_OF_USER.startsWith("abs(hashCode(userId)) % numberOfShards"));
  }

  @Test
  void aNodeAnnouncesWhereClientsReachIt() {
    assertEquals(Optional.of("http://127.0.0.1:8281"), ShardRouting.advertisedUrl(node(Map.of("pushrec.http.port", 8281))));
    assertEquals(Optional.of("http://node2:8080"), ShardRouting.advertisedUrl(node(Map.of(
        "pushrec.http.host", "0.0.0.0", "pushrec.http.port", 8080, "pekko.remote.artery.canonical.hostname", "node2"))),
        "a node bound to every interface is reached at its cluster host name");
    assertEquals(Optional.of("https://shop.example/pushrec-2"), ShardRouting.advertisedUrl(node(Map.of(
        "pushrec.http.port", 8080, "pushrec.http.advertised-url", "https://shop.example/pushrec-2"))));
    assertEquals(Optional.empty(), ShardRouting.advertisedUrl(node(Map.of("pushrec.http.port", 0))),
        "a port chosen at bind time is not known yet");
  }

  @Test
  void theAddressTravelsAsARoleBesideTheNodesOwnRoles() {
    Config announced = ShardRouting.announcing(node(Map.of("pushrec.http.port", 8282,
        "pekko.cluster.roles", List.of("backend"))));
    assertEquals(List.of("backend", "http=http://127.0.0.1:8282"), announced.getStringList("pekko.cluster.roles"));
    Config unannounced = node(Map.of("pushrec.http.port", 0));
    assertEquals(unannounced.getStringList("pekko.cluster.roles"),
        ShardRouting.announcing(unannounced).getStringList("pekko.cluster.roles"));
  }

  private static Config node(Map<String, Object> settings) {
    return PushrecNode.configuration(ConfigFactory.parseMap(settings));
  }
}
