package io.pushrec.experiment;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.pushrec.CborSerializable;
import io.pushrec.core.PushFeedback;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
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
 * {@link #REMEMBERED_KEYS} and not counted twice. Each node gathers its users' outcomes first
 * ({@link OutcomeBatcher}), so this one entity persists one event per batch, not one per outcome: at a push
 * per event it would otherwise be the cluster's slowest writer.
 */
public final class ExperimentEntity
    extends EventSourcedBehavior<ExperimentEntity.Command, ExperimentEntity.Event, ExperimentEntity.State> {

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Experiment");
  static final int REMEMBERED_KEYS = 4096;

  public sealed interface Command extends CborSerializable permits ReportAll, GetCounts {}

  public record ReportAll(List<PushFeedback.Outcome> outcomes) implements Command {}

  public record GetCounts(ActorRef<Counts> replyTo) implements Command {}

  public record Counts(Map<String, VariantCounts> byVariant) implements CborSerializable {}

  public sealed interface Event extends CborSerializable permits OutcomesCounted, OutcomeCounted {}

  public record OutcomesCounted(List<PushFeedback.Outcome> outcomes) implements Event {}

  /** One outcome per event, as versions before the batching wrote them: still read on recovery. */
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

  /** @param recentKeys the latest (pushId, outcome) keys, oldest first, for idempotency; a set to look up at once */
  public record State(Map<String, VariantCounts> byVariant,
      @JsonDeserialize(as = LinkedHashSet.class) Set<String> recentKeys) implements CborSerializable {
    static final State EMPTY = new State(Map.of(), Set.of());

    /** The outcomes of a report not counted before, each once. */
    List<PushFeedback.Outcome> uncounted(List<PushFeedback.Outcome> reported) {
      Set<String> seen = new HashSet<>();
      List<PushFeedback.Outcome> fresh = new ArrayList<>();
      for (PushFeedback.Outcome o : reported) {
        String key = key(o);
        if (!recentKeys.contains(key) && seen.add(key)) fresh.add(o);
      }
      return fresh;
    }

    State counted(List<PushFeedback.Outcome> outcomes) {
      Map<String, VariantCounts> counts = new TreeMap<>(byVariant);
      Set<String> keys = new LinkedHashSet<>(recentKeys);
      for (PushFeedback.Outcome o : outcomes) {
        counts.merge(o.variant(), VariantCounts.ZERO.plus(o.outcome()), (old, one) -> old.plus(o.outcome()));
        keys.add(key(o));
      }
      Iterator<String> oldest = keys.iterator();
      for (int excess = keys.size() - REMEMBERED_KEYS; excess > 0; excess--) {
        oldest.next();
        oldest.remove();
      }
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
        .onCommand(ReportAll.class, (state, cmd) -> {
          List<PushFeedback.Outcome> fresh = state.uncounted(cmd.outcomes());
          return fresh.isEmpty() ? Effect().none() : Effect().persist(new OutcomesCounted(fresh));
        })
        .onCommand(GetCounts.class, (state, cmd) -> Effect().reply(cmd.replyTo(), new Counts(state.byVariant())))
        .build();
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState()
        .onEvent(OutcomesCounted.class, (state, e) -> state.counted(e.outcomes()))
        .onEvent(OutcomeCounted.class, (state, e) -> state.counted(List.of(e.outcome())))
        .build();
  }
}
