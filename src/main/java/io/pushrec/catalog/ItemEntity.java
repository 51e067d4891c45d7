package io.pushrec.catalog;

import io.pushrec.CborSerializable;
import io.pushrec.core.CatalogItem;
import io.pushrec.core.RidgeProjection;
import io.pushrec.core.TextEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/**
 * One catalogue item: owns its attributes, sales count and two embeddings (content, from its text; collaborative,
 * from behaviour or projected from the content), persists every change and announces the new state on the
 * catalogue topic so that the replica on every node follows. Events are tagged so a starting node can rebuild
 * its replica.
 *
 * <p>Text is encoded off the entity's thread, on the node's bounded encoder pool; the result comes back as a
 * command and is persisted only if the item's text is still the one that was encoded.
 */
public final class ItemEntity extends EventSourcedBehavior<ItemEntity.Command, ItemEntity.Event, ItemEntity.State> {

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Item");
  public static final String TAG = "item";

  // --- commands ---

  public sealed interface Command extends CborSerializable
      permits Upsert, Observe, Get, RecordSales, SetCollaborative, ContentEncoded, EncodingFailed {}

  public record Upsert(CatalogItem item, ActorRef<Saved> replyTo) implements Command {}

  public record Saved(String itemId, long version) implements CborSerializable {}

  /** An event named this item; create it with no attributes if the shop never described it. */
  public record Observe() implements Command {}

  public record Get(ActorRef<State> replyTo) implements Command {}

  public record RecordSales(int count) implements Command {}

  /** A collaborative vector learned from behaviour (a trained model or the online learner). */
  public record SetCollaborative(float[] vector, String source, ActorRef<Saved> replyTo) implements Command {}

  record ContentEncoded(String text, String encoder, float[] vector) implements Command {}

  record EncodingFailed(String text, String reason) implements Command {}

  // --- events ---

  public sealed interface Event extends CborSerializable
      permits ItemUpserted, ItemDiscovered, SalesRecorded, ContentEmbedded, CollaborativeEmbedded {}

  public record ItemUpserted(CatalogItem item) implements Event {}

  public record ItemDiscovered(String itemId) implements Event {}

  public record SalesRecorded(int count) implements Event {}

  /** @param text what was encoded, so a later edit of the item can tell the vector is stale */
  public record ContentEmbedded(float[] vector, String encoder, String text) implements Event {}

  public record CollaborativeEmbedded(float[] vector, String source) implements Event {}

  // --- state ---

  /** A vector and how often it has changed; {@code source} names the encoder, model or learner that made it. */
  public record Embedding(float[] vector, long version, String source) implements CborSerializable {}

  /**
   * @param item null until the item exists
   * @param version the number of events applied: the order in which replicas take this item's states
   * @param contentText the text the content embedding was computed from
   */
  public record State(CatalogItem item, long version, long salesCount, Embedding content, String contentText,
      Embedding collaborative) implements CborSerializable {
    public static final State EMPTY = new State(null, 0, 0, null, "", null);

    public boolean exists() {
      return item != null;
    }

    /** The event handler, public so a replica can fold an item's journal the same way. */
    public State apply(Event event) {
      long v = version + 1;
      if (event instanceof ItemUpserted e) return new State(e.item(), v, salesCount, content, contentText, collaborative);
      if (event instanceof ItemDiscovered e) {
        return new State(CatalogItem.discovered(e.itemId()), v, salesCount, content, contentText, collaborative);
      }
      if (event instanceof SalesRecorded e) return new State(item, v, salesCount + e.count(), content, contentText, collaborative);
      if (event instanceof ContentEmbedded e) {
        return new State(item, v, salesCount, next(content, e.vector(), e.encoder()), e.text(), collaborative);
      }
      CollaborativeEmbedded e = (CollaborativeEmbedded) event;
      return new State(item, v, salesCount, content, contentText, next(collaborative, e.vector(), e.source()));
    }

    private static Embedding next(Embedding old, float[] vector, String source) {
      return new Embedding(vector, old == null ? 1 : old.version() + 1, source);
    }
  }

  /** A change of one item, as every node's replica receives it: the whole new state, newest version wins. */
  public record ItemChanged(String itemId, State state) implements CborSerializable {}

  /**
   * What item entities share on a node.
   *
   * @param projection the current content→collaborative projection, or null before one is fitted
   */
  public record Dependencies(ActorRef<Topic.Command<ItemChanged>> topic, TextEncoder encoder, Executor encoderPool,
      Supplier<RidgeProjection> projection) {}

  /** Source of a collaborative vector that was projected from text, so behaviour-learned vectors win over it. */
  public static final String PROJECTED = "projected";

  public static Behavior<Command> create(String itemId, Dependencies deps) {
    return Behaviors.setup(ctx -> new ItemEntity(itemId, ctx, deps));
  }

  private final String itemId;
  private final ActorContext<Command> ctx;
  private final Dependencies deps;

  private ItemEntity(String itemId, ActorContext<Command> ctx, Dependencies deps) {
    super(PersistenceId.of(TYPE_KEY.name(), itemId));
    this.itemId = itemId;
    this.ctx = ctx;
    this.deps = deps;
  }

  @Override
  public State emptyState() {
    return State.EMPTY;
  }

  @Override
  public Set<String> tagsFor(Event event) {
    return Set.of(TAG);
  }

  @Override
  public CommandHandler<Command, Event, State> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(Upsert.class, this::onUpsert)
        .onCommand(Observe.class, this::onObserve)
        .onCommand(Get.class, (state, cmd) -> Effect().reply(cmd.replyTo(), state))
        .onCommand(RecordSales.class, (state, cmd) -> cmd.count() <= 0 ? Effect().none()
            : Effect().persist(new SalesRecorded(cmd.count())).thenRun(this::announce))
        .onCommand(SetCollaborative.class, (state, cmd) -> Effect()
            .persist(new CollaborativeEmbedded(cmd.vector(), cmd.source()))
            .thenRun(this::announce)
            .thenReply(cmd.replyTo(), s -> new Saved(itemId, s.version())))
        .onCommand(ContentEncoded.class, this::onContentEncoded)
        .onCommand(EncodingFailed.class, (state, cmd) -> {
          ctx.getLog().warn("Item {}: text not encoded ({}); the next upsert retries", itemId, cmd.reason());
          return Effect().none();
        })
        .build();
  }

  private Effect<Event, State> onUpsert(State state, Upsert cmd) {
    if (cmd.item().equals(state.item())) {
      encodeIfStale(state);
      return Effect().reply(cmd.replyTo(), new Saved(itemId, state.version()));
    }
    return Effect().persist(new ItemUpserted(cmd.item()))
        .thenRun(s -> {
          announce(s);
          encodeIfStale(s);
        })
        .thenReply(cmd.replyTo(), s -> new Saved(itemId, s.version()));
  }

  private Effect<Event, State> onObserve(State state, Observe cmd) {
    if (state.exists()) return Effect().none();
    return Effect().persist(new ItemDiscovered(itemId)).thenRun(this::announce);
  }

  private void encodeIfStale(State state) {
    String text = TextEncoder.textOf(state.item());
    if (text.isEmpty() || state.content() != null && text.equals(state.contentText())
        && state.content().source().equals(deps.encoder().name())) {
      return;
    }
    TextEncoder encoder = deps.encoder();
    CompletableFuture<float[]> encoded;
    try {
      encoded = CompletableFuture.supplyAsync(() -> encoder.embed(text), deps.encoderPool());
    } catch (RuntimeException rejected) {
      encoded = CompletableFuture.failedFuture(rejected);
    }
    ctx.pipeToSelf(encoded, (vector, failure) -> failure == null
        ? new ContentEncoded(text, encoder.name(), vector) : new EncodingFailed(text, failure.toString()));
  }

  private Effect<Event, State> onContentEncoded(State state, ContentEncoded cmd) {
    if (!state.exists() || !cmd.text().equals(TextEncoder.textOf(state.item()))) return Effect().none();
    List<Event> events = new ArrayList<>();
    events.add(new ContentEmbedded(cmd.vector(), cmd.encoder(), cmd.text()));
    RidgeProjection projection = deps.projection().get();
    boolean learned = state.collaborative() != null && !PROJECTED.equals(state.collaborative().source());
    if (projection != null && !learned && projection.encoder().equals(cmd.encoder())) {
      events.add(new CollaborativeEmbedded(projection.project(cmd.vector()), PROJECTED));
    }
    return Effect().persist(events).thenRun(this::announce);
  }

  private void announce(State state) {
    deps.topic().tell(Topic.publish(new ItemChanged(itemId, state)));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(State::apply);
  }
}
