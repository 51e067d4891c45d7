package io.pushrec.catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByPersistenceIdQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByTagQuery;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Reads the catalogue from the journal's tagged item events (Cassandra in production), folding each item's
 * events with the entity's own event handler into its latest state.
 */
public final class JournalItemHistory {
  /** Items whose whole history a catch-up reads at once. */
  private static final int ITEMS_READ_AT_ONCE = 8;

  private JournalItemHistory() {}

  public static CatalogReplica.ItemHistory of(ActorSystem<?> system, String readJournalPluginId) {
    var journals = PersistenceQuery.get(system);
    CurrentEventsByTagQuery byTag = journals.getReadJournalFor(CurrentEventsByTagQuery.class, readJournalPluginId);
    CurrentEventsByPersistenceIdQuery byItem =
        journals.getReadJournalFor(CurrentEventsByPersistenceIdQuery.class, readJournalPluginId);
    // The folds below run off the stream's thread, on the JDK's pool or, on two cores, a thread of their own (see
    // io.pushrec.SameThread): a replay folds up to the whole catalogue, and it comes a few times per node start.
    return new CatalogReplica.ItemHistory() {
      @Override
      public CompletionStage<CatalogReplica.Replay> replay() {
        return byTag.currentEventsByTag(ItemEntity.TAG, Offset.noOffset()).runWith(Sink.seq(), system)
            .thenApply(envelopes -> new CatalogReplica.Replay(fold(envelopes), lastOffset(envelopes, Offset.noOffset())));
      }

      /**
       * The tag stream after the position names the items that changed; an event alone cannot be applied (a replica
       * keeps no entity state), so each of those items is read whole, from its own journal, and folded.
       */
      @Override
      public CompletionStage<CatalogReplica.Replay> changedSince(Offset position) {
        return byTag.currentEventsByTag(ItemEntity.TAG, position).runWith(Sink.seq(), system)
            .thenCompose(envelopes -> {
              Set<String> changed = new LinkedHashSet<>();
              for (EventEnvelope e : envelopes) changed.add(e.persistenceId());
              Offset next = lastOffset(envelopes, position);
              return Source.from(changed)
                  .mapAsync(ITEMS_READ_AT_ONCE, id -> byItem.currentEventsByPersistenceId(id, 0L, Long.MAX_VALUE)
                      .runWith(Sink.seq(), system))
                  .runWith(Sink.seq(), system)
                  .thenApply(histories -> {
                    List<EventEnvelope> all = new ArrayList<>();
                    histories.forEach(all::addAll);
                    return new CatalogReplica.Replay(fold(all), next);
                  });
            });
      }
    };
  }

  /** The tag stream comes in offset order, so its last envelope is where the next read starts. */
  private static Offset lastOffset(List<EventEnvelope> envelopes, Offset otherwise) {
    return envelopes.isEmpty() ? otherwise : envelopes.get(envelopes.size() - 1).offset();
  }

  static List<ItemEntity.ItemChanged> fold(List<EventEnvelope> envelopes) {
    Map<String, List<EventEnvelope>> byItem = new HashMap<>();
    for (EventEnvelope e : envelopes) byItem.computeIfAbsent(e.persistenceId(), id -> new ArrayList<>()).add(e);
    return byItem.values().stream().map(events -> {
      events.sort(Comparator.comparingLong(EventEnvelope::sequenceNr));
      ItemEntity.State state = ItemEntity.State.EMPTY;
      for (EventEnvelope e : events) state = state.apply((ItemEntity.Event) e.event());
      return new ItemEntity.ItemChanged(state.item() == null ? "" : state.item().itemId(), state);
    }).toList();
  }
}
