package io.pushrec.catalog;

import io.pushrec.core.CatalogItem;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.IntConsumer;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Loads items into their entities with bounded parallelism. Idempotent: an item saved with the same
 * attributes again persists nothing, so an interrupted import can simply be run again.
 */
public final class CatalogImport {
  private CatalogImport() {}

  /** @param progress called with the number of items saved so far, every {@code progressEvery} items */
  public static CompletionStage<Integer> upsertAll(ActorSystem<?> system, List<CatalogItem> items, int parallelism,
      Duration timeout, int progressEvery, IntConsumer progress) {
    ClusterSharding sharding = ClusterSharding.get(system);
    int[] done = {0};
    return Source.from(items)
        .mapAsyncUnordered(parallelism, item -> sharding.entityRefFor(ItemEntity.TYPE_KEY, item.itemId())
            .<ItemEntity.Saved>ask(replyTo -> new ItemEntity.Upsert(item, replyTo), timeout))
        .runWith(Sink.fold(0, (count, saved) -> {
          if (++done[0] % progressEvery == 0 || done[0] == items.size()) progress.accept(done[0]);
          return count + 1;
        }), system);
  }
}
