package io.pushrec.user;

import io.pushrec.CborSerializable;
import io.pushrec.core.BehaviourEvent;
import io.pushrec.core.CatalogSnapshot;
import io.pushrec.core.ChurnRule;
import io.pushrec.core.PushFeedback;
import io.pushrec.core.Strategy;
import io.pushrec.core.InterestState;
import io.pushrec.core.EventType;
import io.pushrec.core.Interaction;
import io.pushrec.core.PushHistory;
import io.pushrec.core.ItemFilter;
import io.pushrec.core.PushPolicy;
import io.pushrec.core.PushRecord;
import io.pushrec.core.Preferences;
import io.pushrec.core.Recommendation;
import io.pushrec.core.UserProfile;
import io.pushrec.push.PushMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * One shopper: an event-sourced, sharded entity. Each accepted behaviour event is persisted, folded into
 * the interest state, and the user is rescored with the strategy of the user's A/B variant; if the push
 * policy lets it through, the push is persisted with the events and delivered to every open tab. Feedback
 * events naming a pushId are linked to that push and reported to the experiment.
 *
 * <p>The churn timer: the re-engagement deadline is a function of the persisted state (last activity plus
 * a multiple of the user's own median gap), so it needs no event of its own and survives any restart; the
 * timer is armed again on every recovery. A passivated entity has no timer, but it has no tab either: an
 * open tab renews its subscription every few seconds, which keeps the entity alive or wakes it (and so
 * re-arms the timer) after a restart or a shard move. A push to a closed channel would need a durable
 * wake-up (remember-entities or a scheduler entity); WebSocket delivery does not.
 */
public final class UserEntity extends EventSourcedBehavior<UserEntity.Command, UserEntity.Event, UserEntity.State> {

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "User");
  /** A re-engagement push held back by quiet hours or a cap is tried again this much later. */
  static final Duration RE_ENGAGEMENT_RETRY = Duration.ofHours(1);

  // --- commands ---

  public sealed interface Command extends CborSerializable
      permits RecordEvents, GetRecommendations, GetSummary, Subscribe, Unsubscribe, Stop, SetPreferences, GetProfile,
      ReEngage, Ranked {}

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

  /**
   * A browser tab (on any node) wants this user's pushes; it renews the subscription periodically.
   *
   * @param lastPushId the last push the tab has ("" for none): when the user has pushed since, the latest push is
   *     sent again at once, so a tab that reconnected, or whose user moved to another node, catches up
   */
  public record Subscribe(ActorRef<PushMessage> listener, String lastPushId) implements Command {}

  public record Unsubscribe(ActorRef<PushMessage> listener) implements Command {}

  /**
   * Sent by sharding on passivation and shard hand-over instead of stopping the entity outright: it waits behind
   * any persist in progress, so the requests being recorded are answered before the user moves.
   */
  public record Stop() implements Command {}

  /** A partial update: null fields keep their value. Validated at the edge. */
  public record SetPreferences(Boolean pushOptOut, String language, String timeZone,
      ActorRef<PreferencesSaved> replyTo) implements Command {}

  public record PreferencesSaved(Preferences preferences) implements CborSerializable {}

  public record GetProfile(ActorRef<Profile> replyTo) implements Command {}

  public record Profile(UserProfile profile) implements CborSerializable {}

  /** The churn timer fired. */
  public enum ReEngage implements Command { INSTANCE }

  /**
   * A ranking done on the ranking pool for the state after some recorded events; empty when it failed, null when
   * the pool dropped it for fresher ones. Local only.
   */
  private record Ranked(List<Recommendation> ranked, CatalogSnapshot catalog, long nowMillis) implements Command {}

  // --- events ---

  public sealed interface Event extends CborSerializable permits EventRecorded, PushSent, PreferencesChanged {}

  /** @param category the item's category when accepted, so replay never depends on later catalogue edits */
  public record EventRecorded(BehaviourEvent event, String category) implements Event {}

  /** @param kind {@link PushRecord#UPDATE} or {@link PushRecord#RE_ENGAGEMENT} */
  public record PushSent(String pushId, List<Recommendation> items, long atMillis, String variant, String kind)
      implements Event {}

  public record PreferencesChanged(Preferences preferences) implements Event {}

  // --- state ---

  /**
   * @param lastPush the items of the latest push, kept whole so that a reconnecting tab can be sent it again
   * @param reEngagedAtActivity the last-activity time the latest re-engagement push answered: one such push
   *     per silence, however often the entity restarts
   */
  public record State(InterestState interest, PushHistory pushes, Preferences preferences, long pushCount,
      String lastPushId, long reEngagedAtActivity, List<Recommendation> lastPush) implements CborSerializable {
    public static final State EMPTY =
        new State(InterestState.EMPTY, PushHistory.EMPTY, Preferences.DEFAULT, 0L, "", 0L, List.of());

    /** Snapshots taken before push history, preferences and the whole last push existed read as having none. */
    public State {
      pushes = pushes == null ? PushHistory.EMPTY : pushes;
      preferences = preferences == null ? Preferences.DEFAULT : preferences;
      lastPush = lastPush == null ? List.of() : lastPush;
    }

    public List<String> lastPushedItems() {
      return pushes.last().map(PushRecord::items).orElse(List.of());
    }

    public long lastPushAtMillis() {
      return pushes.last().map(PushRecord::atMillis).orElse(0L);
    }

    State recorded(EventRecorded e) {
      return new State(interest.apply(e.event(), e.category()), PushFeedback.link(pushes, e.event()),
          PushFeedback.learnTimeZone(preferences, e.event()), pushCount, lastPushId, reEngagedAtActivity, lastPush);
    }

    State pushed(PushSent p) {
      PushRecord sent = PushRecord.sent(p.pushId(), p.items().stream().map(Recommendation::itemId).toList(),
          p.atMillis(), p.variant(), p.kind());
      long reEngaged = PushRecord.RE_ENGAGEMENT.equals(p.kind()) ? interest.getAsOfMillis() : reEngagedAtActivity;
      return new State(interest, pushes.with(sent), preferences, pushCount + 1, p.pushId(), reEngaged, p.items());
    }

    State withPreferences(PreferencesChanged c) {
      return new State(interest, pushes, c.preferences(), pushCount, lastPushId, reEngagedAtActivity, lastPush);
    }
  }

  public static Behavior<Command> create(String userId, UserDependencies deps) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new UserEntity(userId, ctx, timers, deps)));
  }

  private final String userId;
  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;
  private final UserDependencies deps;
  private final Strategy strategy;
  /** Open tabs; not persisted, because tabs re-subscribe after a restart or a shard move. */
  private final Set<ActorRef<PushMessage>> listeners = new HashSet<>();
  /** A ranking is on the pool; events recorded meanwhile are ranked once, together, after it ({@link #rankAgain}). */
  private boolean ranking;
  private boolean rankAgain;
  /** When this incarnation started: its recovery from Cassandra is what a user's first event after it waits for. */
  private final long startedNanos = System.nanoTime();

  private UserEntity(String userId, ActorContext<Command> ctx, TimerScheduler<Command> timers, UserDependencies deps) {
    super(PersistenceId.of(TYPE_KEY.name(), userId));
    this.userId = userId;
    this.ctx = ctx;
    this.timers = timers;
    this.deps = deps;
    this.strategy = Strategy.of(deps.experiment().assign(userId), deps.scorer(), deps.policy());
  }

  @Override
  public String journalPluginId() {
    return deps.journalPluginId();
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
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder().onSignal(RecoveryCompleted.instance(), state -> {
      deps.metrics().observeSeconds("pushrec_user_recovery_seconds", (System.nanoTime() - startedNanos) / 1e9);
      armReEngagement(state);
    }).build();
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
        .onCommand(Stop.class, (state, cmd) -> Effect().stop())
        .onCommand(SetPreferences.class, this::onSetPreferences)
        .onCommand(GetProfile.class, (state, cmd) -> Effect().reply(cmd.replyTo(), new Profile(UserProfile.of(userId,
            state.interest(), state.pushes(), state.preferences(), strategy.variant().name(), deps.catalog().get(),
            deps.churn(), System.currentTimeMillis()))))
        .onCommand(ReEngage.class, this::onReEngage)
        .onCommand(Ranked.class, this::onRanked)
        .build();
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState()
        .onEvent(EventRecorded.class, State::recorded)
        .onEvent(PushSent.class, State::pushed)
        .onEvent(PreferencesChanged.class, State::withPreferences)
        .build();
  }

  private Effect<Event, State> onRecordEvents(State state, RecordEvents cmd) {
    CatalogSnapshot catalog = deps.catalog().get();
    List<Event> events = new ArrayList<>();
    List<PushFeedback.Outcome> outcomes = new ArrayList<>();
    Set<String> batchIds = new HashSet<>();
    Feedback feedback = new Feedback();
    State next = state;
    int duplicates = 0;
    for (BehaviourEvent e : cmd.events()) {
      if (next.interest().hasSeen(e.eventId()) || !batchIds.add(e.eventId())) {
        duplicates++;
        continue;
      }
      EventRecorded recorded = new EventRecorded(e, e.itemId() == null ? null : catalog.categoryOf(e.itemId()));
      events.add(recorded);
      feedback.add(next.interest(), e);
      State after = next.recorded(recorded);
      outcomes.addAll(PushFeedback.outcomes(next.pushes(), after.pushes()));
      next = after;
    }
    Recorded reply = new Recorded(events.size(), duplicates);
    if (events.isEmpty()) return Effect().reply(cmd.replyTo(), reply);

    Set<String> unknownItems = unknownItems(cmd.events(), catalog);
    return Effect().persist(events)
        .thenRun(newState -> {
          outcomes.forEach(this::report);
          unknownItems.forEach(deps.unknownItemObserver());
          feedback.tell(deps.catalogFeedback());
          armReEngagement(newState);
          rank(newState);
        })
        .thenReply(cmd.replyTo(), newState -> reply);
  }

  /**
   * Ranks the user for a possible push on the ranking pool: the events are already persisted and acknowledged, so
   * ranking, the costly part of an event, never delays an acknowledgement. One ranking per user at a time; events
   * that arrive meanwhile are ranked together afterwards, so a busy user costs one ranking per pool turn, not one per
   * event.
   */
  private void rank(State state) {
    if (ranking) {
      rankAgain = true;
      return;
    }
    long now = state.interest().getAsOfMillis();
    if (!worthRanking(state, now)) return;
    PushPolicy policy = strategy.policy();
    CatalogSnapshot catalog = deps.catalog().get();
    InterestState interest = state.interest();
    int depth = policy.rankingDepth(state.pushes(), now);
    var task = new FreshestRankings.Ranking(() -> strategy.scorer().recommend(interest, catalog, depth, now),
        deps.metrics());
    try {
      deps.rankingPool().execute(task);
    } catch (RejectedExecutionException full) {
      shed();
      return;
    }
    ranking = true;
    ctx.pipeToSelf(task.result(), (items, failure) -> {
      if (failure instanceof FreshestRankings.Dropped) return new Ranked(null, catalog, now);
      if (failure != null) ctx.getLog().warn("Ranking user {} failed", userId, failure);
      return new Ranked(failure == null ? items : List.of(), catalog, now);
    });
  }

  private void shed() {
    deps.metrics().increment("pushrec_rankings_shed_total", "");
  }

  private Effect<Event, State> onRanked(State state, Ranked ranked) {
    ranking = false;
    if (ranked.ranked() == null) {
      shed();
      rankAgainIfDue(state);
      return Effect().none();
    }
    PushSent push = decide(state, ranked.ranked(), ranked.catalog(), ranked.nowMillis(), PushRecord.UPDATE);
    if (push == null) {
      rankAgainIfDue(state);
      return Effect().none();
    }
    return Effect().persist(push).thenRun(newState -> {
      deliver(push, newState, ranked.catalog());
      rankAgainIfDue(newState);
    });
  }

  private void rankAgainIfDue(State state) {
    if (!rankAgain) return;
    rankAgain = false;
    rank(state);
  }

  /** The catalogue feedback of one request's accepted events, collected before the write and told after it. */
  private static final class Feedback {
    private final List<List<String>> recent = new ArrayList<>();
    private final List<String> next = new ArrayList<>();
    private final Map<String, Integer> purchases = new LinkedHashMap<>();

    void add(InterestState before, BehaviourEvent e) {
      if (e.itemId() == null || !e.type().isEngagement()) return;
      recent.add(before.getRecent().stream().map(Interaction::itemId).toList());
      next.add(e.itemId());
      if (e.type() == EventType.PURCHASE) purchases.merge(e.itemId(), 1, Integer::sum);
    }

    void tell(CatalogFeedback to) {
      for (int i = 0; i < next.size(); i++) to.followed(recent.get(i), next.get(i));
      purchases.forEach(to::purchased);
    }
  }

  /** The push this ranking warrants under the user's strategy, or null with the reason counted. */
  private PushSent decide(State state, List<Recommendation> ranked, CatalogSnapshot catalog, long now, String kind) {
    PushPolicy.Decision decision = strategy.policy().decide(state.pushes(), state.preferences(), ranked,
        catalog::categoryOf, now, PushRecord.RE_ENGAGEMENT.equals(kind));
    if (decision instanceof PushPolicy.Suppress s) {
      suppressed(s.reason());
      return null;
    }
    return new PushSent(userId + ":" + (state.pushCount() + 1), ((PushPolicy.Push) decision).items(), now,
        strategy.variant().name(), kind);
  }

  /** False, with the reason counted, when a rule that needs no ranking already rules a push out. */
  private boolean worthRanking(State state, long now) {
    String blocked = strategy.policy().blockedWhateverTheRanking(state.pushes(), state.preferences(), now);
    if (blocked != null) suppressed(blocked);
    return blocked == null;
  }

  private void suppressed(String reason) {
    deps.metrics().increment("pushrec_pushes_suppressed_total", "reason=\"" + reason + "\"");
  }

  private void deliver(PushSent push, State state, CatalogSnapshot catalog) {
    PushMessage message = PushMessage.explained(push.pushId(), userId, push.items(), state.interest(), catalog,
        System.currentTimeMillis(), push.kind(), push.variant(), strategy.variant().copyStyle(),
        state.preferences().language());
    listeners.forEach(l -> l.tell(message));
    deps.metrics().increment("pushrec_pushes_total", "");
    deps.metrics().increment("pushrec_push_deliveries_total", "", listeners.size());
    report(new PushFeedback.Outcome(push.variant(), push.pushId(), PushFeedback.SENT));
  }

  private void report(PushFeedback.Outcome outcome) {
    deps.metrics().increment("pushrec_push_outcomes_total",
        "variant=\"" + outcome.variant() + "\",outcome=\"" + outcome.outcome() + "\"");
    deps.outcomes().report(outcome);
  }

  private void armReEngagement(State state) {
    deps.churn().deadline(state.interest()).ifPresentOrElse(due -> {
      if (state.reEngagedAtActivity() >= state.interest().getAsOfMillis()) return;
      long delay = Math.max(0, due - System.currentTimeMillis());
      timers.startSingleTimer(ReEngage.INSTANCE, ReEngage.INSTANCE, Duration.ofMillis(delay));
    }, () -> timers.cancel(ReEngage.INSTANCE));
  }

  private Effect<Event, State> onReEngage(State state, ReEngage cmd) {
    long now = System.currentTimeMillis();
    ChurnRule.Risk risk = deps.churn().risk(state.interest(), now);
    if (!risk.atRisk() || state.reEngagedAtActivity() >= state.interest().getAsOfMillis()) return Effect().none();
    CatalogSnapshot catalog = deps.catalog().get();
    PushSent push = reEngagement(state, catalog, now);
    if (push == null) {
      timers.startSingleTimer(ReEngage.INSTANCE, ReEngage.INSTANCE, RE_ENGAGEMENT_RETRY);
      return Effect().none();
    }
    return Effect().persist(push).thenRun(newState -> deliver(push, newState, catalog));
  }

  /** Ranked on the entity's thread: the timer fires rarely, and nothing waits on it. */
  private PushSent reEngagement(State state, CatalogSnapshot catalog, long now) {
    if (!worthRanking(state, now)) return null;
    PushPolicy policy = strategy.policy();
    List<Recommendation> ranked =
        strategy.scorer().recommend(state.interest(), catalog, policy.rankingDepth(state.pushes(), now), now);
    return decide(state, ranked, catalog, now, PushRecord.RE_ENGAGEMENT);
  }

  private Effect<Event, State> onSetPreferences(State state, SetPreferences cmd) {
    Preferences old = state.preferences();
    Preferences updated = new Preferences(
        cmd.pushOptOut() == null ? old.pushOptOut() : cmd.pushOptOut(),
        cmd.language() == null ? old.language() : cmd.language(),
        cmd.timeZone() == null ? old.timeZone() : cmd.timeZone());
    if (updated.equals(old)) return Effect().reply(cmd.replyTo(), new PreferencesSaved(old));
    return Effect().persist(new PreferencesChanged(updated))
        .thenReply(cmd.replyTo(), s -> new PreferencesSaved(s.preferences()));
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
        strategy.scorer().recommend(state.interest(), catalog, candidates, state.interest().getAsOfMillis());
    if (!filter.isNone()) ranked = filter.apply(ranked, catalog, cmd.k());
    List<PushMessage.PushItem> items = ranked.stream().map(r -> PushMessage.describe(r, catalog)).toList();
    return Effect().reply(cmd.replyTo(), new Recommendations(userId, items));
  }

  private Effect<Event, State> onSubscribe(State state, Subscribe cmd) {
    if (listeners.add(cmd.listener())) ctx.watchWith(cmd.listener(), new Unsubscribe(cmd.listener()));
    if (!state.lastPushId().isEmpty() && !state.lastPushId().equals(cmd.lastPushId())) {
      cmd.listener().tell(PushMessage.of(state.lastPushId(), userId, state.lastPush(), deps.catalog().get(),
          state.lastPushAtMillis()));
    }
    return Effect().none();
  }

  private Effect<Event, State> onUnsubscribe(State state, Unsubscribe cmd) {
    if (listeners.remove(cmd.listener())) ctx.unwatch(cmd.listener());
    return Effect().none();
  }
}
