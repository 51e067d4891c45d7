package io.pushrec.catalog;

import io.pushrec.CborSerializable;
import io.pushrec.core.CatalogItem;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/**
 * One catalogue item: owns its attributes, persists every change and announces it on the catalogue topic
 * so that the replica on every node follows. Events are tagged so a starting node can rebuild its replica.
 */
public final class ItemEntity extends EventSourcedBehavior<ItemEntity.Command, ItemEntity.Event, ItemEntity.State> {

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Item");
  public static final String TAG = "item";

  public sealed interface Command extends CborSerializable permits Upsert, Observe, Get {}

  public record Upsert(CatalogItem item, ActorRef<Saved> replyTo) implements Command {}

  public record Saved(String itemId, long version) implements CborSerializable {}

  /** An event named this item; create it with no attributes if the shop never described it. */
  public record Observe() implements Command {}

  public record Get(ActorRef<State> replyTo) implements Command {}

  public sealed interface Event extends CborSerializable permits ItemUpserted, ItemDiscovered {}

  public record ItemUpserted(CatalogItem item) implements Event {}

  public record ItemDiscovered(String itemId) implements Event {}

  /** @param item null until the item exists */
  public record State(CatalogItem item, long version) implements CborSerializable {
    static final State EMPTY = new State(null, 0);

    boolean exists() {
      return item != null;
    }
  }

  /** A change of one item, as every node's replica receives it. */
  public record ItemChanged(CatalogItem item, long version) implements CborSerializable {}

  public static Behavior<Command> create(String itemId, ActorRef<Topic.Command<ItemChanged>> topic) {
    return Behaviors.setup(ctx -> new ItemEntity(itemId, topic));
  }

  private final String itemId;
  private final ActorRef<Topic.Command<ItemChanged>> topic;

  private ItemEntity(String itemId, ActorRef<Topic.Command<ItemChanged>> topic) {
    super(PersistenceId.of(TYPE_KEY.name(), itemId));
    this.itemId = itemId;
    this.topic = topic;
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
        .build();
  }

  private Effect<Event, State> onUpsert(State state, Upsert cmd) {
    if (cmd.item().equals(state.item())) return Effect().reply(cmd.replyTo(), new Saved(itemId, state.version()));
    return Effect().persist(new ItemUpserted(cmd.item()))
        .thenRun(this::announce)
        .thenReply(cmd.replyTo(), s -> new Saved(itemId, s.version()));
  }

  private Effect<Event, State> onObserve(State state, Observe cmd) {
    if (state.exists()) return Effect().none();
    return Effect().persist(new ItemDiscovered(itemId)).thenRun(this::announce);
  }

  private void announce(State state) {
    topic.tell(Topic.publish(new ItemChanged(state.item(), state.version())));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState()
        .onEvent(ItemUpserted.class, (state, e) -> new State(e.item(), state.version() + 1))
        .onEvent(ItemDiscovered.class, (state, e) -> new State(CatalogItem.discovered(e.itemId()), state.version() + 1))
        .build();
  }
}
