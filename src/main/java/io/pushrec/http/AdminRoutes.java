package io.pushrec.http;

import io.pushrec.SameThread;
import io.pushrec.catalog.ModelDistribution;
import io.pushrec.user.UserEntity;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery;
import org.apache.pekko.cluster.sharding.typed.GetClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Operator endpoints: switching every node to the newest trained model without a restart, and where the user
 * shards live (after a node joins, sharding moves a tenth of the shards every 10 s until the nodes hold even shares).
 */
public final class AdminRoutes extends AllDirectives {
  /** Loading a large model directory takes seconds; the node keeps scoring with the old one meanwhile. */
  static final Duration RELOAD_TIMEOUT = Duration.ofMinutes(2);
  static final Duration SHARD_STATS_TIMEOUT = Duration.ofSeconds(3);

  private final ActorSystem<?> system;
  private final ActorRef<ModelDistribution.Command> models;

  public AdminRoutes(ActorSystem<?> system, ActorRef<ModelDistribution.Command> models) {
    this.system = system;
    this.models = models;
  }

  /** Mounted under /v1 by {@link ApiRoutes#routes}. */
  public Route routes() {
    return concat(reload(), shards());
  }

  private Route reload() {
    return path(PathMatchers.segment("admin").slash("models").slash("reload"), () -> post(() ->
        completeWithFuture(AskPattern.<ModelDistribution.Command, ModelDistribution.Reloaded>ask(
                models, ModelDistribution.Reload::new, RELOAD_TIMEOUT, system.scheduler())
            .thenApplyAsync(r -> r.error().isEmpty()
                ? json(200, "{\"version\":" + Json.write(r.version()) + "}")
                : json(409, Json.error("model not reloaded: " + r.error())), SameThread.EXECUTOR))));
  }

  /** {@code {"users":{"<node address>":<shards>,...}}}, nodes that hold no user shard left out. */
  private Route shards() {
    return path(PathMatchers.segment("admin").slash("shards"), () -> get(() ->
        completeWithFuture(AskPattern.<ClusterShardingQuery, ShardRegion.ClusterShardingStats>ask(
                ClusterSharding.get(system).shardState(),
                replyTo -> new GetClusterShardingStats(UserEntity.TYPE_KEY, SHARD_STATS_TIMEOUT, replyTo),
                SHARD_STATS_TIMEOUT.plusSeconds(1), system.scheduler())
            .thenApplyAsync(stats -> {
              Map<String, Integer> byNode = new TreeMap<>();
              stats.getRegions().forEach((address, region) -> {
                if (!region.getStats().isEmpty()) byNode.put(address.hostPort(), region.getStats().size());
              });
              return json(200, "{\"users\":" + Json.write(byNode) + "}");
            }, SameThread.EXECUTOR))));
  }

  private static HttpResponse json(int status, String body) {
    return HttpResponse.create().withStatus(status).withEntity(ContentTypes.APPLICATION_JSON, body);
  }
}
