package io.pushrec.user;

import io.pushrec.core.BehaviourEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * One per node: records a group of users' events sent by another node's HTTP edge in one message, by asking each
 * user through sharding from here, where (as far as the sender knew) their shards live; and keeps the sender side's
 * {@link EventRecorder} informed of where the user shards live and where the other nodes' intakes are.
 */
public final class EventIntake {
  static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "event-intake");
  /**
   * How often the shard homes are asked for: a shard that moved since costs one more hop until then. Shards move
   * rarely (a node joins, leaves or dies), while each refresh asks every shard of the cluster for its statistics:
   * every 2 s that alone was a visible part of an idle node's CPU.
   */
  private static final Duration REFRESH = Duration.ofSeconds(10);
  private static final Duration STATS_TIMEOUT = Duration.ofSeconds(2);

  public sealed interface Command permits RecordBatch, Refresh, HomesKnown, IntakesKnown {}

  /**
   * Events of several users from one request, answered with the sum once all are persisted. Crosses nodes in
   * {@link RecordEventsSerializer}'s format (bound in application.conf).
   */
  public record RecordBatch(Map<String, List<BehaviourEvent>> eventsByUser, ActorRef<UserEntity.Recorded> replyTo)
      implements Command {}

  private enum Refresh implements Command { INSTANCE }

  private record HomesKnown(ShardRegion.ClusterShardingStats stats) implements Command {}

  private record IntakesKnown(Receptionist.Listing listing) implements Command {}

  static Behavior<Command> create(ClusterSharding sharding, EventRecorder recorder, Duration askTimeout) {
    return Behaviors.setup(ctx -> {
      ctx.getSystem().receptionist().tell(Receptionist.register(KEY, ctx.getSelf()));
      ctx.getSystem().receptionist().tell(Receptionist.subscribe(KEY,
          ctx.messageAdapter(Receptionist.Listing.class, IntakesKnown::new)));
      ActorRef<ShardRegion.ClusterShardingStats> statsAdapter =
          ctx.messageAdapter(ShardRegion.ClusterShardingStats.class, HomesKnown::new);
      return Behaviors.withTimers(timers -> {
        timers.startTimerWithFixedDelay(Refresh.INSTANCE, Duration.ZERO, REFRESH);
        return Behaviors.receive(Command.class)
            .onMessage(RecordBatch.class, batch -> {
              record(sharding, batch, askTimeout);
              return Behaviors.same();
            })
            .onMessage(Refresh.class, r -> {
              sharding.shardState().tell(new GetClusterShardingStats(UserEntity.TYPE_KEY, STATS_TIMEOUT, statsAdapter));
              return Behaviors.same();
            })
            .onMessage(HomesKnown.class, known -> {
              Map<String, Address> homes = new HashMap<>();
              known.stats().getRegions().forEach((address, region) ->
                  region.getStats().keySet().forEach(shard -> homes.put(shard, address)));
              recorder.shardHomes(homes);
              return Behaviors.same();
            })
            .onMessage(IntakesKnown.class, known -> {
              Map<Address, ActorRef<Command>> intakes = new HashMap<>();
              known.listing().getServiceInstances(KEY).forEach(intake -> intakes.put(intake.path().address(), intake));
              recorder.intakes(intakes);
              return Behaviors.same();
            })
            .build();
      });
    });
  }

  /** No answer when any user fails to answer in time: the sender's ask times out and its client retries. */
  private static void record(ClusterSharding sharding, RecordBatch batch, Duration askTimeout) {
    List<CompletableFuture<UserEntity.Recorded>> answers = new ArrayList<>(batch.eventsByUser().size());
    batch.eventsByUser().forEach((userId, events) -> answers.add(sharding.entityRefFor(UserEntity.TYPE_KEY, userId)
        .<UserEntity.Recorded>ask(replyTo -> new UserEntity.RecordEvents(events, replyTo), askTimeout)
        .toCompletableFuture()));
    CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenRun(() ->
        batch.replyTo().tell(EventRecorder.sum(answers)));
  }

  private EventIntake() {}
}
