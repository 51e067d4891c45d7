package io.pushrec.user;

import io.pushrec.core.BehaviourEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.HashCodeMessageExtractor;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Records the events of one request, the users' events sent as one message per node rather than one per user.
 * Sharding asks each user wherever it lives, so a request of events for five users on another node crossed the
 * cluster five times, each a message and a reply with Artery's fixed cost (docs/cluster.md, CPU per event). Here
 * the users that live on another node, as last reported by sharding, go there together in one {@link
 * EventIntake.RecordBatch}, whose intake asks them locally. Sharding stays the authority on where a user lives: a
 * user whose shard moved since the last report is still reached, through one more hop; a user with no known home,
 * or alone on its node, is asked directly as before.
 */
public final class EventRecorder {
  private final ActorSystem<?> system;
  private final ClusterSharding sharding;
  private final Duration askTimeout;
  private final HashCodeMessageExtractor<UserEntity.Command> shards;
  private final Address self;
  private final Cluster cluster;
  private volatile Map<String, Address> shardHomes = Map.of();
  private volatile Map<Address, ActorRef<EventIntake.Command>> intakes = Map.of();

  /** Starts this node's {@link EventIntake}; {@code numberOfShards} must be the user shards' setting. */
  public EventRecorder(ActorSystem<?> system, ClusterSharding sharding, int numberOfShards, Duration askTimeout) {
    this.system = system;
    this.sharding = sharding;
    this.askTimeout = askTimeout;
    this.shards = new HashCodeMessageExtractor<>(numberOfShards);
    this.cluster = Cluster.get(system);
    this.self = cluster.selfMember().address();
    system.systemActorOf(EventIntake.create(sharding, this, askTimeout), "event-intake", Props.empty());
  }

  /** Persists every user's events and answers the sum once all are persisted; fails if any user does not answer. */
  public CompletionStage<UserEntity.Recorded> record(Map<String, List<BehaviourEvent>> eventsByUser) {
    Map<String, Address> homes = shardHomes;
    Map<Address, ActorRef<EventIntake.Command>> known = intakes;
    Map<Address, Map<String, List<BehaviourEvent>>> byNode = new HashMap<>();
    List<CompletableFuture<UserEntity.Recorded>> answers = new ArrayList<>();
    eventsByUser.forEach((userId, events) -> {
      Address home = homes.get(shards.shardId(userId));
      if (home == null || home.equals(self) || !known.containsKey(home)) {
        answers.add(askUser(userId, events));
      } else {
        byNode.computeIfAbsent(home, h -> new HashMap<>()).put(userId, events);
      }
    });
    byNode.forEach((home, group) -> {
      if (group.size() == 1) {
        group.forEach((userId, events) -> answers.add(askUser(userId, events)));
      } else {
        answers.add(AskPattern.<EventIntake.Command, UserEntity.Recorded>ask(known.get(home),
            replyTo -> new EventIntake.RecordBatch(group, replyTo), askTimeout, system.scheduler())
            .toCompletableFuture());
      }
    });
    return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenApply(done -> sum(answers));
  }

  /**
   * True while the node last known to hold the user's shard is unreachable. A message for the user sent there now
   * waits for that node or is lost with it, and the shard moves only once the split brain resolver downs the node,
   * seconds later; a fast 503 lets the client retry instead of holding its request until the ask times out.
   */
  public boolean homeUnreachable(String userId) {
    Set<Member> unreachable = cluster.state().getUnreachable();
    if (unreachable.isEmpty()) return false;
    Address home = shardHomes.get(shards.shardId(userId));
    if (home == null || home.equals(self)) return false;
    for (Member member : unreachable) {
      if (member.address().equals(home)) return true;
    }
    return false;
  }

  /**
   * Each user shard's home as last reported, by shard number (a user's shard is {@code abs(userId.hashCode()) %
   * numberOfShards}): the member holding it, or null where no home is known or it is not among {@code serving}.
   */
  public List<Member> homesByShard(Set<Member> serving) {
    Map<Address, Member> byAddress = new HashMap<>();
    serving.forEach(member -> byAddress.put(member.address(), member));
    Member[] homes = new Member[shards.numberOfShards()];
    shardHomes.forEach((shard, home) -> homes[Integer.parseInt(shard)] = byAddress.get(home));
    return Arrays.asList(homes);
  }

  /** The members that are up and reachable from here. */
  public Set<Member> servingMembers() {
    Set<Member> serving = new HashSet<>();
    cluster.state().getMembers().forEach(member -> {
      if (member.status() == MemberStatus.up()) serving.add(member);
    });
    cluster.state().getUnreachable().forEach(serving::remove);
    return serving;
  }

  private CompletableFuture<UserEntity.Recorded> askUser(String userId, List<BehaviourEvent> events) {
    return sharding.entityRefFor(UserEntity.TYPE_KEY, userId)
        .<UserEntity.Recorded>ask(replyTo -> new UserEntity.RecordEvents(events, replyTo), askTimeout)
        .toCompletableFuture();
  }

  static UserEntity.Recorded sum(List<CompletableFuture<UserEntity.Recorded>> answers) {
    int accepted = 0;
    int duplicates = 0;
    for (CompletableFuture<UserEntity.Recorded> a : answers) {
      accepted += a.join().accepted();
      duplicates += a.join().duplicates();
    }
    return new UserEntity.Recorded(accepted, duplicates);
  }

  /**
   * A region that does not answer the statistics in time, as on an unreachable node, is missing from them; its
   * shards keep their last known home until that node has left the cluster.
   */
  void shardHomes(Map<String, Address> reported) {
    Set<Address> members = new HashSet<>();
    cluster.state().getMembers().forEach(member -> members.add(member.address()));
    Map<String, Address> homes = new HashMap<>();
    shardHomes.forEach((shard, home) -> {
      if (members.contains(home)) homes.put(shard, home);
    });
    homes.putAll(reported);
    shardHomes = Map.copyOf(homes);
  }

  void intakes(Map<Address, ActorRef<EventIntake.Command>> byAddress) {
    intakes = Map.copyOf(byAddress);
  }
}
