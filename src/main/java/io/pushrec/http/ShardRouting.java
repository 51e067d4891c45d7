package io.pushrec.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.cluster.Member;

/**
 * The routing table of {@code GET /v1/routing}, for shard-aware clients. Any node records any user's events, but an
 * event posted to a node that does not hold its user crosses the cluster to the one that does and back, and on the
 * kill test's machine that hop cost each node about as much CPU as the event's own work (docs/cluster.md, CPU per
 * event). A client that groups its events by the node holding their users, as database drivers route by token,
 * saves that hop; a stale table only costs the hop again, since the receiving node still routes through sharding.
 */
public final class ShardRouting {
  /**
   * Each node announces its HTTP address to the others as a cluster role with this prefix: roles travel with the
   * membership, so every node knows every other's edge without a message of its own.
   */
  static final String ROLE_PREFIX = "http=";
  static final String SHARD_OF_USER = "abs(hashCode(userId)) % numberOfShards, hashCode as Java's String.hashCode";

  private ShardRouting() {}

  /**
   * The node's configuration with its HTTP address among its cluster roles: {@code pushrec.http.advertised-url}, or
   * the bound host and port (the remoting host if HTTP binds every interface). Unchanged if the port is chosen at
   * bind time (0): that node's shards are then listed without an address, and clients send their users anywhere.
   */
  public static Config announcing(Config config) {
    return advertisedUrl(config).map(url -> {
      List<String> roles = new ArrayList<>(config.getStringList("pekko.cluster.roles"));
      roles.add(ROLE_PREFIX + url);
      return config.withValue("pekko.cluster.roles", ConfigValueFactory.fromIterable(roles));
    }).orElse(config);
  }

  static Optional<String> advertisedUrl(Config config) {
    String configured = config.getString("pushrec.http.advertised-url");
    if (!configured.isBlank()) return Optional.of(configured);
    int port = config.getInt("pushrec.http.port");
    if (port == 0) return Optional.empty();
    String host = config.getString("pushrec.http.host");
    if (host.equals("0.0.0.0") || host.equals("::")) host = config.getString("pekko.remote.artery.canonical.hostname");
    return Optional.of("http://" + host + ":" + port);
  }

  /** @param homes each shard's member, by shard number, null where unknown; @param members the members serving */
  static String table(List<Member> homes, Set<Member> members) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("numberOfShards", homes.size());
    root.put("shardOfUser", SHARD_OF_USER);
    ArrayNode nodes = root.putArray("nodes");
    members.stream().map(ShardRouting::urlOf).flatMap(Optional::stream).sorted().forEach(nodes::add);
    ArrayNode shards = root.putArray("shards");
    for (Member home : homes) {
      Optional<String> url = home == null ? Optional.empty() : urlOf(home);
      if (url.isPresent()) shards.add(url.get());
      else shards.addNull();
    }
    return root.toString();
  }

  private static Optional<String> urlOf(Member member) {
    return member.getRoles().stream().filter(role -> role.startsWith(ROLE_PREFIX))
        .map(role -> role.substring(ROLE_PREFIX.length())).findFirst();
  }
}
