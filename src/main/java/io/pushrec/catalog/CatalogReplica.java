package io.pushrec.catalog;

import io.pushrec.core.CatalogItem;
import io.pushrec.core.CatalogSnapshot;
import io.pushrec.core.VectorTable;
import io.pushrec.core.ann.InvertedFileIndex;
import io.pushrec.core.ann.NearestRows;
import io.pushrec.core.ann.SpaceIndex;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.persistence.query.Offset;

/**
 * The node's copy of the catalogue. On start it subscribes to the catalogue topic, replays every persisted
 * item change, then applies live changes in small batches, swapping a fresh snapshot into {@link LiveCatalog}.
 * Versions make the replay and the live stream safe to overlap: an older version never replaces a newer one.
 *
 * <p>Why a {@code Topic} and not Distributed Data: the item entity is the single writer and its journal the
 * source of truth, so replicas need a fan-out of "item X is now at version v", not a CRDT to merge concurrent
 * writers. A topic delivers in tens of milliseconds and carries nothing when nothing changes; a replica that
 * missed messages (it was starting, or the network dropped them) catches up from the journal, which is also
 * how a joining node fills up. Distributed Data would gossip the whole catalogue, vectors included, to every
 * node and keep it all in memory twice (the CRDT and the matrix) — the opposite of the read-optimised matrix.
 *
 * <p>Each flush builds new vector tables (copy-on-write of one contiguous float[] per space) and swaps the
 * whole snapshot at once; the batch delay bounds how often a table is copied under a burst of updates.
 *
 * <p>Above {@code annAboveBytes} of vectors a space is searched through an inverted-file index instead of a full
 * scan per event. The replica owns that index and moves each changed vector into its list as its batch is flushed,
 * so every snapshot's index is in step with its tables; it is built whole only when a table first crosses the
 * threshold, on a thread of its own while the scan serves, and the snapshot switches to it when the build reports
 * back.
 */
public final class CatalogReplica {
  static final Duration FLUSH_DELAY = Duration.ofMillis(20);
  static final Duration CATCH_UP_INTERVAL = Duration.ofSeconds(5);
  static final int CATCH_UP_ROUNDS = 6;

  public sealed interface Command {}

  private record Changed(ItemEntity.ItemChanged change) implements Command {}

  private record Replayed(Replay replay) implements Command {}

  private record ReplayFailed(Throwable cause) implements Command {}

  private enum Flush implements Command { INSTANCE }

  private enum Retry implements Command { INSTANCE }

  private enum CatchUp implements Command { INSTANCE }

  private record CaughtUp(Replay replay) implements Command {}

  private record IndexBuilt(String space, String index, long millis) implements Command {}

  private record IndexFailed(String space, Throwable cause) implements Command {}

  /** The journal's item changes: each item's latest state, in any order, and where the read stopped. */
  public interface ItemHistory {
    /** Every item persisted so far. */
    CompletionStage<Replay> replay();

    /** The items with changes persisted after the position, each at its latest state. */
    CompletionStage<Replay> changedSince(Offset position);
  }

  /** @param position where the next {@link ItemHistory#changedSince} read starts */
  public record Replay(List<ItemEntity.ItemChanged> changes, Offset position) {}

  /**
   * @param annAboveBytes a space whose vectors take more than this is searched through an index
   *     (pushrec.catalog.ann-above-size)
   */
  public static Behavior<Command> create(LiveCatalog live, ActorRef<Topic.Command<ItemEntity.ItemChanged>> topic,
      ItemHistory history, long annAboveBytes, Runnable onReady) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      topic.tell(Topic.subscribe(ctx.messageAdapter(ItemEntity.ItemChanged.class, Changed::new)));
      ctx.pipeToSelf(history.replay(), (replay, failure) ->
          failure == null ? new Replayed(replay) : new ReplayFailed(failure));
      return new CatalogReplica(ctx, timers, live, history, annAboveBytes, onReady).replaying();
    }));
  }

  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;
  private final LiveCatalog live;
  private final ItemHistory history;
  private final Runnable onReady;
  private final Map<String, Long> versions = new HashMap<>();
  private final Map<String, ItemEntity.State> pending = new HashMap<>();
  private Offset position = Offset.noOffset();
  private final SpaceIndex contentIndex;
  private final SpaceIndex collaborativeIndex;

  private CatalogReplica(ActorContext<Command> ctx, TimerScheduler<Command> timers, LiveCatalog live,
      ItemHistory history, long annAboveBytes, Runnable onReady) {
    this.ctx = ctx;
    this.timers = timers;
    this.live = live;
    this.history = history;
    this.onReady = onReady;
    this.contentIndex = new SpaceIndex(annAboveBytes, CatalogReplica::buildThread, indexListener("content"));
    this.collaborativeIndex =
        new SpaceIndex(annAboveBytes, CatalogReplica::buildThread, indexListener("collaborative"));
  }

  /** One thread per whole build, so scoring keeps the other cores; daemon, so it never holds up a shutdown. */
  private static void buildThread(Runnable build) {
    Thread thread = new Thread(build, "catalog-index-build");
    thread.setDaemon(true);
    thread.start();
  }

  private SpaceIndex.Listener indexListener(String space) {
    ActorRef<Command> self = ctx.getSelf();
    return new SpaceIndex.Listener() {
      @Override
      public void building(int items) {
        ctx.getLog().info("Building the inverted-file index of {} {} vectors; the exact scan serves meanwhile",
            items, space);
      }

      @Override
      public void built(InvertedFileIndex index, long millis) {
        self.tell(new IndexBuilt(space, index.toString(), millis));
      }

      @Override
      public void failed(Throwable cause) {
        self.tell(new IndexFailed(space, cause));
      }
    };
  }

  private Behavior<Command> replaying() {
    return Behaviors.receive(Command.class)
        .onMessage(Changed.class, m -> {
          accept(m.change());
          return Behaviors.same();
        })
        .onMessage(Replayed.class, m -> {
          apply(m.replay());
          flush();
          ctx.getLog().info("Catalogue replica rebuilt: {} items", live.get().size());
          onReady.run();
          timers.startSingleTimer(CatchUp.INSTANCE, CATCH_UP_INTERVAL);
          return following(CATCH_UP_ROUNDS);
        })
        .onMessage(ReplayFailed.class, m -> {
          ctx.getLog().warn("Catalogue replay failed, retrying in 2 s: {}", m.cause().toString());
          timers.startSingleTimer(Retry.INSTANCE, Duration.ofSeconds(2));
          return Behaviors.same();
        })
        .onMessageEquals(Retry.INSTANCE, () -> {
          ctx.pipeToSelf(history.replay(), (replay, failure) ->
              failure == null ? new Replayed(replay) : new ReplayFailed(failure));
          return Behaviors.same();
        })
        .build();
  }

  /**
   * A node that just joined is not yet known to the other nodes' topic instances: a change published in that
   * window (the receptionist's gossip, a few seconds) never reaches it. So a newly ready replica reads the journal
   * a few more times, each time only what was persisted after its last read, and any item it missed arrives with
   * its newest version. (Reading the whole journal each time cost a starting node a quarter of its CPU for its
   * first half minute with 24k items, and would cost minutes with a million.)
   */
  private Behavior<Command> following(int catchUpsLeft) {
    return Behaviors.receive(Command.class)
        .onMessageEquals(CatchUp.INSTANCE, () -> {
          ctx.pipeToSelf(history.changedSince(position), (replay, failure) -> {
            if (failure != null) ctx.getLog().warn("Catalogue catch-up failed, trying again later: {}", failure.toString());
            return new CaughtUp(failure == null ? replay : new Replay(List.of(), position));
          });
          return Behaviors.same();
        })
        .onMessage(CaughtUp.class, m -> {
          apply(m.replay());
          flush();
          if (catchUpsLeft > 1) timers.startSingleTimer(CatchUp.INSTANCE, CATCH_UP_INTERVAL);
          return following(catchUpsLeft - 1);
        })
        .onMessage(Changed.class, m -> {
          accept(m.change());
          if (!pending.isEmpty() && !timers.isTimerActive(Flush.INSTANCE)) {
            timers.startSingleTimer(Flush.INSTANCE, FLUSH_DELAY);
          }
          return Behaviors.same();
        })
        .onMessageEquals(Flush.INSTANCE, () -> {
          flush();
          return Behaviors.same();
        })
        .onMessage(IndexBuilt.class, m -> {
          ctx.getLog().info("Built the {} {} in {} ms; it serves from now on", m.space(), m.index(), m.millis());
          flush();
          return Behaviors.same();
        })
        .onMessage(IndexFailed.class, m -> {
          ctx.getLog().error("Building the {} index failed; the exact scan keeps serving", m.space(), m.cause());
          flush();
          return Behaviors.same();
        })
        .build();
  }

  private void apply(Replay replay) {
    replay.changes().forEach(this::accept);
    position = replay.position();
  }

  private void accept(ItemEntity.ItemChanged change) {
    String id = change.itemId();
    ItemEntity.State state = change.state();
    if (!state.exists() || state.version() <= versions.getOrDefault(id, 0L)) return;
    versions.put(id, state.version());
    pending.put(id, state);
  }

  /** Publishes the pending changes, and the searches in step with them (an index that was being built, once built). */
  private void flush() {
    List<CatalogItem> items = new ArrayList<>(pending.size());
    List<VectorTable.Row> content = new ArrayList<>();
    List<VectorTable.Row> collaborative = new ArrayList<>();
    pending.forEach((id, state) -> {
      items.add(state.item());
      if (state.content() != null) content.add(row(id, state.content()));
      if (state.collaborative() != null) collaborative.add(row(id, state.collaborative()));
    });
    CatalogSnapshot current = live.get().withItems(items);
    VectorTable newContent = merge("content", current.content(), content);
    VectorTable newCollaborative = merge("collaborative", current.collaborative(), collaborative);
    NearestRows contentSearch = contentIndex.update(newContent, ids(content));
    NearestRows collaborativeSearch = collaborativeIndex.update(newCollaborative, ids(collaborative));
    live.swap(current.withVectors(newContent, contentSearch, newCollaborative, collaborativeSearch));
    pending.clear();
  }

  private static List<String> ids(List<VectorTable.Row> rows) {
    return rows.stream().map(VectorTable.Row::itemId).toList();
  }

  private static VectorTable.Row row(String itemId, ItemEntity.Embedding e) {
    return new VectorTable.Row(itemId, e.vector(), e.version());
  }

  /** An empty table takes the dimension of the first vectors it gets; vectors of another dimension are dropped. */
  private VectorTable merge(String space, VectorTable table, List<VectorTable.Row> rows) {
    if (rows.isEmpty()) return table;
    if (table.size() == 0 && table.dimension() != rows.get(0).vector().length) {
      table = VectorTable.empty(rows.get(0).vector().length);
    }
    int dimension = table.dimension();
    List<VectorTable.Row> fitting = rows.stream().filter(r -> r.vector().length == dimension).toList();
    if (fitting.size() < rows.size()) {
      ctx.getLog().warn("Dropped {} {} vectors whose dimension is not {}", rows.size() - fitting.size(), space, dimension);
    }
    return table.with(fitting);
  }
}
