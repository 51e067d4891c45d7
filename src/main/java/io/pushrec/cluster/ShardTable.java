package io.pushrec.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A shard-aware client's routing, as a shop's event sender would keep it: which local node holds each user, from any
 * node's {@code GET /v1/routing}, and the load regrouped so that each request carries events of one node's users
 * only and goes to that node first.
 */
final class ShardTable {
  /** No node known for the shard: its users go out in turn, as without a table. */
  private static final int UNKNOWN = 0;

  private final int[] nodeOfShard;

  private ShardTable(int[] nodeOfShard) {
    this.nodeOfShard = nodeOfShard;
  }

  static ShardTable fetch(int node) throws IOException, InterruptedException {
    JsonNode shards = LocalCluster.getJson(node, "/v1/routing")
        .orElseThrow(() -> new IOException("GET /v1/routing of node " + node + " did not answer 200")).get("shards");
    int[] nodeOfShard = new int[shards.size()];
    for (int shard = 0; shard < nodeOfShard.length; shard++) {
      JsonNode url = shards.get(shard);
      nodeOfShard[shard] = url.isNull() ? UNKNOWN : LocalCluster.nodeOfHttpPort(URI.create(url.asText()).getPort());
    }
    return new ShardTable(nodeOfShard);
  }

  /** The formula {@code GET /v1/routing} states: abs(hashCode(userId)) % numberOfShards. */
  int nodeOf(String userId) {
    return nodeOfShard[Math.abs(userId.hashCode()) % nodeOfShard.length];
  }

  /**
   * The batches' events in their order, in requests of up to {@code batchSize} events whose users live on one node,
   * each sent to that node first. Users on no known node, or on one outside {@code nodes}, go out in turn.
   */
  List<EventLoad.Request> route(List<List<EventLoad.Event>> batches, List<Integer> nodes, int batchSize) {
    List<EventLoad.Request> requests = new ArrayList<>();
    Map<Integer, List<EventLoad.Event>> pending = new LinkedHashMap<>();
    Iterator<Integer> inTurn = IntStream.iterate(0, i -> i + 1).mapToObj(i -> nodes.get(i % nodes.size())).iterator();
    for (List<EventLoad.Event> batch : batches) {
      for (EventLoad.Event event : batch) {
        int node = nodeOf(event.userId());
        int home = nodes.contains(node) ? node : UNKNOWN;
        List<EventLoad.Event> group = pending.computeIfAbsent(home, h -> new ArrayList<>());
        group.add(event);
        if (group.size() == batchSize) requests.add(request(pending.remove(home), home, inTurn));
      }
    }
    pending.forEach((home, group) -> requests.add(request(group, home, inTurn)));
    return requests;
  }

  private static EventLoad.Request request(List<EventLoad.Event> group, int home, Iterator<Integer> inTurn) {
    return new EventLoad.Request(group, home == UNKNOWN ? inTurn.next() : home);
  }
}
