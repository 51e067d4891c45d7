package io.pushrec.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigResolver;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The cluster's deployment files, checked without running them: the local node files form one cluster on distinct
 * ports, and docker-compose.yml (no Docker engine here) parses and gives each node settings that resolve to the
 * right host names, seeds, ports and Cassandra.
 */
class DeploymentFilesTest {
  static final Path CONFIG_DIR = Path.of("cluster-config");

  /** A node's configuration as `pushrec node --config FILE` builds it, with {@code env} as the environment. */
  static Config nodeConfig(Path file, Map<String, String> env) {
    ConfigResolver fromEnv = new ConfigResolver() {
      @Override
      public ConfigValue lookup(String path) {
        return env.containsKey(path) ? ConfigValueFactory.fromAnyRef(env.get(path), "test env") : null;
      }

      @Override
      public ConfigResolver withFallback(ConfigResolver fallback) {
        return this;
      }
    };
    return ConfigFactory.parseFile(file.toFile())
        .withFallback(ConfigFactory.parseResources("application.conf"))
        .withFallback(ConfigFactory.defaultReference())
        .resolve(ConfigResolveOptions.noSystem().appendResolver(fromEnv));
  }

  @Test
  void theThreeLocalNodesUseDistinctPortsAndTheSameSeeds() {
    Set<Integer> ports = new HashSet<>();
    List<String> seeds = null;
    for (int n = 1; n <= 3; n++) {
      Config node = nodeConfig(CONFIG_DIR.resolve("node" + n + ".conf"), Map.of());
      assertEquals(LocalCluster.httpPort(n), node.getInt("pushrec.http.port"));
      assertTrue(ports.add(node.getInt("pushrec.http.port")));
      assertTrue(ports.add(node.getInt("pekko.remote.artery.canonical.port")));
      assertEquals("127.0.0.1", node.getString("pekko.remote.artery.canonical.hostname"));
      if (seeds == null) seeds = node.getStringList("pekko.cluster.seed-nodes");
      assertEquals(seeds, node.getStringList("pekko.cluster.seed-nodes"));
      assertEquals("keep-majority", node.getString("pekko.cluster.split-brain-resolver.active-strategy"));
      assertTrue(!node.getBoolean("pekko.cluster.sharding.remember-entities"));
      assertEquals(List.of("127.0.0.1:9042"), node.getStringList("datastax-java-driver.basic.contact-points"));
    }
    assertEquals(List.of("pekko://pushrec@127.0.0.1:25721", "pekko://pushrec@127.0.0.1:25722"), seeds);
  }

  @Test
  @SuppressWarnings("unchecked")
  void dockerComposeRunsCassandraAndThreeNodesThatFindEachOther() throws IOException {
    Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("docker-compose.yml")));
    Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
    assertEquals(Set.of("cassandra", "node1", "node2", "node3"), services.keySet());
    String dockerfile = Files.readString(Path.of("Dockerfile"));
    assertTrue(dockerfile.contains("\"--config\", \"cluster-config/cluster.conf\""), "the image runs cluster.conf");

    Set<String> hostPorts = new HashSet<>();
    for (int n = 1; n <= 3; n++) {
      Map<String, Object> service = services.get("node" + n);
      assertEquals("pushrec:0.1.0", service.get("image"));
      Map<String, String> env = (Map<String, String>) service.get("environment");
      Config node = nodeConfig(CONFIG_DIR.resolve("cluster.conf"), env);

      assertEquals("node" + n, node.getString("pekko.remote.artery.canonical.hostname"));
      assertEquals("node" + n, service.get("hostname"));
      int remotePort = node.getInt("pekko.remote.artery.canonical.port");
      for (String seed : node.getStringList("pekko.cluster.seed-nodes")) {
        String seedHost = seed.substring(seed.indexOf('@') + 1, seed.lastIndexOf(':'));
        assertTrue(services.containsKey(seedHost), seed + " is not a compose service");
        assertEquals(remotePort, Integer.parseInt(seed.substring(seed.lastIndexOf(':') + 1)), seed);
      }
      assertEquals(List.of("cassandra:9042"), node.getStringList("datastax-java-driver.basic.contact-points"));
      List<String> ports = (List<String>) service.get("ports");
      assertEquals(1, ports.size());
      String[] mapping = ports.get(0).split(":");
      assertEquals(node.getInt("pushrec.http.port"), Integer.parseInt(mapping[1]), "container side is the HTTP port");
      assertTrue(hostPorts.add(mapping[0]));
      assertEquals("http://127.0.0.1:" + mapping[0], node.getString("pushrec.http.advertised-url"),
          "shard-aware clients on the Docker host reach the node at its published port");
      assertEquals(n == 1, node.getBoolean("pekko.persistence.cassandra.journal.keyspace-autocreate"),
          "only the first node creates the schema");
    }
    assertEquals(Set.of("8281", "8282", "8283"), hostPorts);
  }
}
