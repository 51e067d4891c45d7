package io.pushrec.catalog;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByTagQuery;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Replays the catalogue from the journal's tagged item events (Cassandra in production), folding each item's
 * events with the entity's own event handler into its latest state.
 */
public final class JournalItemHistory {
  private JournalItemHistory() {}

  public static CatalogReplica.ItemHistory of(ActorSystem<?> system, String readJournalPluginId) {
    CurrentEventsByTagQuery query =
        PersistenceQuery.get(system).getReadJournalFor(CurrentEventsByTagQuery.class, readJournalPluginId);
    return () -> query.currentEventsByTag(ItemEntity.TAG, Offset.noOffset())
        .runWith(Sink.seq(), system)
        .thenApply(JournalItemHistory::fold);
  }

  static List<ItemEntity.ItemChanged> fold(List<EventEnvelope> envelopes) {
    Map<String, List<EventEnvelope>> byItem = new HashMap<>();
    for (EventEnvelope e : envelopes) byItem.computeIfAbsent(e.persistenceId(), id -> new java.util.ArrayList<>()).add(e);
    return byItem.values().stream().map(events -> {
      events.sort(Comparator.comparingLong(EventEnvelope::sequenceNr));
      ItemEntity.State state = ItemEntity.State.EMPTY;
      for (EventEnvelope e : events) state = state.apply((ItemEntity.Event) e.event());
      return new ItemEntity.ItemChanged(state.item() == null ? "" : state.item().itemId(), state);
    }).toList();
  }
}
