package io.pushrec.experiment;

import io.pushrec.CborSerializable;
import io.pushrec.core.PushFeedback;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * The counts of one A/B experiment: pushes sent, seen, clicked and dismissed per variant. Sharded and
 * event-sourced, one entity per experiment, so the counts are cluster-wide and survive restarts.
 *
 * <p>Why an entity rather than per-node counters merged on read: a node's counters die with it and a
 * merge must know every node, while user entities already live anywhere in the cluster and can simply
 * tell this entity. User entities report each push's outcome once (they derive it from their own
 * persisted state); a redelivered report is recognised by its (pushId, outcome) key among the latest
 * {@link #REMEMBERED_KEYS} and not counted twice. One entity per experiment persists one event per
 * outcome: enough for the demo and tests; a high-traffic deployment would batch reports per node first.
 */
public final class ExperimentEntity
    extends EventSourcedBehavior<ExperimentEntity.Command, ExperimentEntity.Event, ExperimentEntity.State> {

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Experiment");
  static final int REMEMBERED_KEYS = 4096;

  public sealed interface Command extends CborSerializable permits Report, GetCounts {}

  public record Report(PushFeedback.Outcome outcome) implements Command {}

  public record GetCounts(ActorRef<Counts> replyTo) implements Command {}

  public record Counts(Map<String, VariantCounts> byVariant) implements CborSerializable {}

  public sealed interface Event extends CborSerializable permits OutcomeCounted {}

  public record OutcomeCounted(PushFeedback.Outcome outcome) implements Event {}

  public record VariantCounts(long sent, long impressions, long clicks, long dismissals) implements CborSerializable {
    static final VariantCounts ZERO = new VariantCounts(0, 0, 0, 0);

    VariantCounts plus(String outcome) {
      return switch (outcome) {
        case PushFeedback.SENT -> new VariantCounts(sent + 1, impressions, clicks, dismissals);
        case PushFeedback.IMPRESSION -> new VariantCounts(sent, impressions + 1, clicks, dismissals);
        case PushFeedback.CLICK -> new VariantCounts(sent, impressions, clicks + 1, dismissals);
        case PushFeedback.DISMISS -> new VariantCounts(sent, impressions, clicks, dismissals + 1);
        default -> this;
      };
    }
  }

  /** @param recentKeys the latest (pushId, outcome) keys, oldest first, for idempotency */
  public record State(Map<String, VariantCounts> byVariant, List<String> recentKeys) implements CborSerializable {
    static final State EMPTY = new State(Map.of(), List.of());

    boolean hasCounted(String key) {
      return recentKeys.contains(key);
    }

    State counted(OutcomeCounted e) {
      Map<String, VariantCounts> counts = new TreeMap<>(byVariant);
      counts.merge(e.outcome().variant(), VariantCounts.ZERO.plus(e.outcome().outcome()),
          (old, one) -> old.plus(e.outcome().outcome()));
      List<String> keys = new ArrayList<>(recentKeys);
      keys.add(key(e.outcome()));
      if (keys.size() > REMEMBERED_KEYS) keys.subList(0, keys.size() - REMEMBERED_KEYS).clear();
      return new State(counts, keys);
    }
  }

  static String key(PushFeedback.Outcome o) {
    return o.pushId() + "/" + o.outcome();
  }

  public static Behavior<Command> create(String experiment) {
    return new ExperimentEntity(experiment);
  }

  private ExperimentEntity(String experiment) {
    super(PersistenceId.of(TYPE_KEY.name(), experiment));
  }

  @Override
  public State emptyState() {
    return State.EMPTY;
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(500, 2);
  }

  @Override
  public CommandHandler<Command, Event, State> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(Report.class, (state, cmd) -> state.hasCounted(key(cmd.outcome()))
            ? Effect().none()
            : Effect().persist(new OutcomeCounted(cmd.outcome())))
        .onCommand(GetCounts.class, (state, cmd) -> Effect().reply(cmd.replyTo(), new Counts(state.byVariant())))
        .build();
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onEvent(OutcomeCounted.class, State::counted).build();
  }
}
