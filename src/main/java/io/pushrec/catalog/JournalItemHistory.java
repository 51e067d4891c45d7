package io.pushrec.catalog;

import io.pushrec.core.CatalogItem;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByTagQuery;
import org.apache.pekko.stream.javadsl.Sink;

/** Replays the catalogue from the journal's tagged item events (Cassandra in production). */
public final class JournalItemHistory {
  private JournalItemHistory() {}

  public static CatalogReplica.ItemHistory of(ActorSystem<?> system, String readJournalPluginId) {
    CurrentEventsByTagQuery query =
        PersistenceQuery.get(system).getReadJournalFor(CurrentEventsByTagQuery.class, readJournalPluginId);
    return () -> query.currentEventsByTag(ItemEntity.TAG, Offset.noOffset())
        .map(JournalItemHistory::toChange)
        .runWith(Sink.seq(), system)
        .thenApply(List::copyOf);
  }

  private static ItemEntity.ItemChanged toChange(EventEnvelope envelope) {
    Object event = envelope.event();
    CatalogItem item;
    if (event instanceof ItemEntity.ItemUpserted u) item = u.item();
    else if (event instanceof ItemEntity.ItemDiscovered d) item = CatalogItem.discovered(d.itemId());
    else throw new IllegalStateException("Unexpected item event " + event.getClass());
    return new ItemEntity.ItemChanged(item, envelope.sequenceNr());
  }
}
