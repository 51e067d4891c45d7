package io.pushrec.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.JoinSeedNodes;
import org.apache.pekko.cluster.typed.SelfRemoved;
import org.apache.pekko.cluster.typed.SelfUp;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * Takes a node with seed nodes into its cluster as {@link FormationPlan} says, then keeps its member record fresh
 * while it is up. Pekko's own seed-node join is not used (the node's actor system gets no seed nodes), because it
 * lets the first seed form a cluster whenever the other seeds are slow to answer.
 */
public final class ClusterFormation {
  public sealed interface Command {}

  private enum Tick implements Command { INSTANCE }

  private record RecordsRead(Set<Address> alive) implements Command {}

  private record RecordsUnreadable(Throwable cause) implements Command {}

  private record Recorded(Throwable failure) implements Command {}

  private enum BecameUp implements Command { INSTANCE }

  private enum Removed implements Command { INSTANCE }

  /**
   * @param interval how often a member rewrites its record, and how often a joining node reads them again
   * @param timeToLive how long a record outlives its last rewrite: a node that stops rewriting (kill -9, a stall)
   *     counts as alive that long, so the first seed waits that long to form a cluster after all nodes died
   * @param formAfter how long the first seed asks the other seeds, while no other member is recorded alive, before
   *     it forms a cluster: a fresh cluster's start waits this long
   */
  public record Settings(Duration interval, Duration timeToLive, Duration formAfter) {}

  /** No read has found the other members absent since the last that found one, or since a failed read. */
  private static final long NEVER = Long.MIN_VALUE;

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final Cluster cluster;
  private final Address self;
  private final List<Address> seeds;
  private final MemberRecords records;
  private final Settings settings;

  private ClusterFormation(ActorContext<Command> context, TimerScheduler<Command> timers, List<Address> seeds,
      MemberRecords records, Settings settings) {
    this.context = context;
    this.timers = timers;
    this.cluster = Cluster.get(context.getSystem());
    this.self = cluster.selfMember().address();
    this.seeds = seeds;
    this.records = records;
    this.settings = settings;
  }

  /** Starts joining, and removes the node's record when it leaves gracefully (coordinated shutdown). */
  public static void start(ActorSystem<?> system, List<Address> seeds, Settings settings) {
    MemberRecords records = MemberRecords.of(system, settings.timeToLive());
    system.systemActorOf(create(seeds, records, settings), "cluster-formation", Props.empty());
    Address self = Cluster.get(system).selfMember().address();
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseClusterExitingDone(), "remove-member-record",
        () -> records.remove(self).exceptionally(failure -> Done.getInstance()));
  }

  static Behavior<Command> create(List<Address> seeds, MemberRecords records, Settings settings) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      Cluster cluster = Cluster.get(context.getSystem());
      cluster.subscriptions().tell(Subscribe.create(
          context.messageAdapter(SelfUp.class, up -> BecameUp.INSTANCE), SelfUp.class));
      cluster.subscriptions().tell(Subscribe.create(
          context.messageAdapter(SelfRemoved.class, removed -> Removed.INSTANCE), SelfRemoved.class));
      context.getSelf().tell(Tick.INSTANCE);
      return new ClusterFormation(context, timers, seeds, records, settings).joining(List.of(), NEVER);
    }));
  }

  /**
   * @param asked the nodes the running seed-node join asks; empty before the first
   * @param nobodyAliveSince when the reads began to find no other member alive ({@link System#nanoTime}), or
   *     {@link #NEVER}
   */
  private Behavior<Command> joining(List<Address> asked, long nobodyAliveSince) {
    return Behaviors.receive(Command.class)
        .onMessageEquals(Tick.INSTANCE, () -> {
          context.pipeToSelf(records.alive(), (alive, failure) ->
              failure == null ? new RecordsRead(alive) : new RecordsUnreadable(failure));
          return Behaviors.same();
        })
        .onMessage(RecordsRead.class, read -> {
          long now = System.nanoTime();
          long since = FormationPlan.othersAlive(self, read.alive()) ? NEVER : nobodyAliveSince == NEVER ? now : nobodyAliveSince;
          Duration nobodyAliveFor = since == NEVER ? Duration.ZERO : Duration.ofNanos(now - since);
          FormationPlan.Step step = FormationPlan.next(self, seeds, read.alive(), nobodyAliveFor, settings.formAfter());
          if (step instanceof FormationPlan.JoinAny joinAny) return ask(asked, joinAny.contacts(), read.alive(), since);
          context.getLog().info("No other member of this cluster recorded alive for {} s, and no seed let it in: {} "
              + "forms it", nobodyAliveFor.toSeconds(), self);
          cluster.manager().tell(Join.create(self));
          return formed();
        })
        .onMessage(RecordsUnreadable.class, unreadable -> {
          context.getLog().warn("Cannot read the cluster's member records ({}); this node joins a running cluster "
              + "but forms none until it can read them", unreadable.cause().toString());
          return ask(asked, FormationPlan.contacts(self, seeds, Set.of()), Set.of(), NEVER);
        })
        .onMessageEquals(BecameUp.INSTANCE, this::recording)
        .onMessageEquals(Removed.INSTANCE, Behaviors::stopped)
        .build();
  }

  /** Restarts Pekko's seed-node join when the nodes to ask have changed, and reads the records again later. */
  private Behavior<Command> ask(List<Address> asked, List<Address> contacts, Set<Address> alive,
      long nobodyAliveSince) {
    timers.startSingleTimer(Tick.INSTANCE, settings.interval());
    if (contacts.isEmpty() || contacts.equals(asked)) return joining(asked, nobodyAliveSince);
    if (seeds.get(0).equals(self) && FormationPlan.othersAlive(self, alive)) {
      context.getLog().info("Members recorded alive within {} s: {}; the first seed joins them rather than forming "
          + "a cluster of its own", settings.timeToLive().toSeconds(), alive);
    }
    context.getLog().info("Joining the cluster through {}", contacts);
    cluster.manager().tell(new JoinSeedNodes(contacts));
    return joining(contacts, nobodyAliveSince);
  }

  private Behavior<Command> formed() {
    return Behaviors.receive(Command.class)
        .onMessageEquals(BecameUp.INSTANCE, this::recording)
        .onMessageEquals(Removed.INSTANCE, Behaviors::stopped)
        .build();
  }

  private Behavior<Command> recording() {
    timers.cancel(Tick.INSTANCE);
    context.getSelf().tell(Tick.INSTANCE);
    return Behaviors.receive(Command.class)
        .onMessageEquals(Tick.INSTANCE, () -> {
          // A leaving member stops here: its record is removed once it has exited, and must not come back.
          if (cluster.selfMember().status().equals(MemberStatus.up())) {
            context.pipeToSelf(records.record(self), (done, failure) -> new Recorded(failure));
          } else {
            timers.startSingleTimer(Tick.INSTANCE, settings.interval());
          }
          return Behaviors.same();
        })
        .onMessage(Recorded.class, recorded -> {
          if (recorded.failure() != null) {
            context.getLog().warn("Cannot record this member in Cassandra: {}", recorded.failure().toString());
          }
          timers.startSingleTimer(Tick.INSTANCE, settings.interval());
          return Behaviors.same();
        })
        .onMessageEquals(Removed.INSTANCE, Behaviors::stopped)
        .build();
  }
}
