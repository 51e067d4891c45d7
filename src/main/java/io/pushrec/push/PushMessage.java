package io.pushrec.push;

import io.pushrec.CborSerializable;
import io.pushrec.core.CatalogItem;
import io.pushrec.core.CatalogSnapshot;
import io.pushrec.core.Recommendation;
import java.util.List;

/** What a browser tab receives over its WebSocket when the user's recommendations changed enough. */
public record PushMessage(String type, String pushId, String userId, List<PushItem> items, String reason, long createdAt)
    implements CborSerializable {

  public record PushItem(String itemId, double score, String reason, String title, String category, String brand) {}

  public static PushMessage of(
      String pushId, String userId, List<Recommendation> recommendations, CatalogSnapshot catalog, long createdAt) {
    List<PushItem> items = recommendations.stream().map(r -> describe(r, catalog)).toList();
    String reason = items.isEmpty() ? "" : items.get(0).reason();
    return new PushMessage("recommendations", pushId, userId, items, reason, createdAt);
  }

  public static PushItem describe(Recommendation r, CatalogSnapshot catalog) {
    CatalogItem item = catalog.item(r.itemId());
    if (item == null) return new PushItem(r.itemId(), r.score(), r.reason(), "item " + r.itemId(), "", "");
    return new PushItem(r.itemId(), r.score(), r.reason(), item.displayName(), item.category(), item.brand());
  }
}
