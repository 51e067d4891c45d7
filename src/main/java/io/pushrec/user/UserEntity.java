package io.pushrec.user;

import io.pushrec.CborSerializable;
import io.pushrec.catalog.LiveCatalog;
import io.pushrec.core.BehaviourEvent;
import io.pushrec.core.CatalogSnapshot;
import io.pushrec.core.InterestState;
import io.pushrec.core.ItemFilter;
import io.pushrec.core.PushPolicy;
import io.pushrec.core.Recommendation;
import io.pushrec.core.Scorer;
import io.pushrec.metrics.Metrics;
import io.pushrec.push.PushMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * One shopper: an event-sourced, sharded entity. Each accepted behaviour event is persisted, folded into
 * the interest state, and the user is rescored; if the new top items differ enough from the last push,
 * the push is persisted with the events and delivered to every open tab of the user.
 */
public final class UserEntity extends EventSourcedBehavior<UserEntity.Command, UserEntity.Event, UserEntity.State> {

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "User");

  // --- commands ---

  public sealed interface Command extends CborSerializable
      permits RecordEvents, GetRecommendations, GetSummary, Subscribe, Unsubscribe {}

  /** Events of this user from one request; answered only once they are persisted. */
  public record RecordEvents(List<BehaviourEvent> events, ActorRef<Recorded> replyTo) implements Command {}

  public record Recorded(int accepted, int duplicates) implements CborSerializable {}

  public record GetRecommendations(int k, ItemFilter filter, ActorRef<Recommendations> replyTo) implements Command {
    public GetRecommendations(int k, ActorRef<Recommendations> replyTo) {
      this(k, ItemFilter.NONE, replyTo);
    }
  }

  public record Recommendations(String userId, List<PushMessage.PushItem> items) implements CborSerializable {}

  public record GetSummary(ActorRef<Summary> replyTo) implements Command {}

  public record Summary(String userId, long eventCount, int recentItems, long pushCount, String lastPushId)
      implements CborSerializable {}

  /** A browser tab (on any node) wants this user's pushes; it renews the subscription periodically. */
  public record Subscribe(ActorRef<PushMessage> listener) implements Command {}

  public record Unsubscribe(ActorRef<PushMessage> listener) implements Command {}

  // --- events ---

  public sealed interface Event extends CborSerializable permits EventRecorded, PushSent {}

  /** @param category the item's category when accepted, so replay never depends on later catalogue edits */
  public record EventRecorded(BehaviourEvent event, String category) implements Event {}

  public record PushSent(String pushId, List<Recommendation> items, long atMillis) implements Event {}

  // --- state ---

  public record State(InterestState interest, List<String> lastPushedItems, long lastPushAtMillis, long pushCount,
      String lastPushId) implements CborSerializable {
    public static final State EMPTY = new State(InterestState.EMPTY, List.of(), 0L, 0L, "");

    State recorded(EventRecorded e) {
      return new State(interest.apply(e.event(), e.category()), lastPushedItems, lastPushAtMillis, pushCount,
          lastPushId);
    }

    State pushed(PushSent p) {
      return new State(interest, p.items().stream().map(Recommendation::itemId).toList(), p.atMillis(),
          pushCount + 1, p.pushId());
    }
  }

  /** What a user entity needs from its node; the same objects are shared by all users on the node. */
  public record Dependencies(LiveCatalog catalog, Scorer scorer, PushPolicy policy, Metrics metrics,
      Consumer<String> unknownItemObserver) {}

  public static Behavior<Command> create(String userId, Dependencies deps) {
    return Behaviors.setup(ctx -> new UserEntity(userId, ctx, deps));
  }

  private final String userId;
  private final ActorContext<Command> ctx;
  private final Dependencies deps;
  /** Open tabs; not persisted, because tabs re-subscribe after a restart or a shard move. */
  private final Set<ActorRef<PushMessage>> listeners = new HashSet<>();

  private UserEntity(String userId, ActorContext<Command> ctx, Dependencies deps) {
    super(PersistenceId.of(TYPE_KEY.name(), userId));
    this.userId = userId;
    this.ctx = ctx;
    this.deps = deps;
  }

  @Override
  public State emptyState() {
    return State.EMPTY;
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    // Recovery reads at most one snapshot and 100 events, however long the user's history.
    return RetentionCriteria.snapshotEvery(100, 2);
  }

  @Override
  public CommandHandler<Command, Event, State> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(RecordEvents.class, this::onRecordEvents)
        .onCommand(GetRecommendations.class, this::onGetRecommendations)
        .onCommand(GetSummary.class, (state, cmd) -> Effect().reply(cmd.replyTo(),
            new Summary(userId, state.interest().getEventCount(), state.interest().getRecent().size(),
                state.pushCount(), state.lastPushId())))
        .onCommand(Subscribe.class, this::onSubscribe)
        .onCommand(Unsubscribe.class, this::onUnsubscribe)
        .build();
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState()
        .onEvent(EventRecorded.class, State::recorded)
        .onEvent(PushSent.class, State::pushed)
        .build();
  }

  private Effect<Event, State> onRecordEvents(State state, RecordEvents cmd) {
    CatalogSnapshot catalog = deps.catalog().get();
    List<Event> events = new ArrayList<>();
    Set<String> batchIds = new HashSet<>();
    State next = state;
    int duplicates = 0;
    for (BehaviourEvent e : cmd.events()) {
      if (next.interest().hasSeen(e.eventId()) || !batchIds.add(e.eventId())) {
        duplicates++;
        continue;
      }
      EventRecorded recorded = new EventRecorded(e, e.itemId() == null ? null : catalog.categoryOf(e.itemId()));
      events.add(recorded);
      next = next.recorded(recorded);
    }
    Recorded reply = new Recorded(events.size(), duplicates);
    if (events.isEmpty()) return Effect().reply(cmd.replyTo(), reply);

    long now = next.interest().getAsOfMillis();
    List<Recommendation> ranked = deps.scorer().recommend(next.interest(), catalog, deps.policy().pushSize(), now);
    PushPolicy.Decision decision = deps.policy().decide(next.lastPushedItems(), next.lastPushAtMillis(), ranked, now);
    PushSent push = null;
    if (decision instanceof PushPolicy.Push p) {
      push = new PushSent(userId + ":" + (next.pushCount() + 1), p.items(), now);
      events.add(push);
    } else {
      deps.metrics().increment("pushrec_pushes_suppressed_total", "reason=\"" + ((PushPolicy.Suppress) decision).reason() + "\"");
    }
    PushSent sent = push;
    Set<String> unknownItems = unknownItems(cmd.events(), catalog);
    return Effect().persist(events)
        .thenRun(newState -> {
          if (sent != null) deliver(sent, catalog);
          unknownItems.forEach(deps.unknownItemObserver());
        })
        .thenReply(cmd.replyTo(), newState -> reply);
  }

  private void deliver(PushSent push, CatalogSnapshot catalog) {
    PushMessage message = PushMessage.of(push.pushId(), userId, push.items(), catalog, System.currentTimeMillis());
    listeners.forEach(l -> l.tell(message));
    deps.metrics().increment("pushrec_pushes_total", "");
    deps.metrics().increment("pushrec_push_deliveries_total", "", listeners.size());
  }

  private static Set<String> unknownItems(List<BehaviourEvent> events, CatalogSnapshot catalog) {
    Set<String> unknown = new LinkedHashSet<>();
    for (BehaviourEvent e : events) {
      if (e.itemId() != null && !catalog.contains(e.itemId())) unknown.add(e.itemId());
    }
    return unknown;
  }

  private Effect<Event, State> onGetRecommendations(State state, GetRecommendations cmd) {
    CatalogSnapshot catalog = deps.catalog().get();
    ItemFilter filter = cmd.filter() == null ? ItemFilter.NONE : cmd.filter();
    int candidates = filter.isNone() ? cmd.k() : cmd.k() * ItemFilter.OVERFETCH;
    List<Recommendation> ranked =
        deps.scorer().recommend(state.interest(), catalog, candidates, state.interest().getAsOfMillis());
    if (!filter.isNone()) ranked = filter.apply(ranked, catalog, cmd.k());
    List<PushMessage.PushItem> items = ranked.stream().map(r -> PushMessage.describe(r, catalog)).toList();
    return Effect().reply(cmd.replyTo(), new Recommendations(userId, items));
  }

  private Effect<Event, State> onSubscribe(State state, Subscribe cmd) {
    if (listeners.add(cmd.listener())) ctx.watchWith(cmd.listener(), new Unsubscribe(cmd.listener()));
    return Effect().none();
  }

  private Effect<Event, State> onUnsubscribe(State state, Unsubscribe cmd) {
    if (listeners.remove(cmd.listener())) ctx.unwatch(cmd.listener());
    return Effect().none();
  }
}
