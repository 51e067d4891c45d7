package io.pushrec.user;

import java.util.List;

/**
 * What the catalogue learns from a user's behaviour. Told once the events are persisted, by a plain tell: at most
 * once. Duplicate event ids never reach it (the entity drops them before persisting), so a retried request
 * counts no sale twice; a crash between the write and the tell loses that one signal, which neither a sales
 * count nor an online learner taking small steps notices.
 */
public interface CatalogFeedback {
  CatalogFeedback NONE = new CatalogFeedback() {
    @Override
    public void followed(List<String> recentItems, String nextItem) {}

    @Override
    public void purchased(String itemId, int count) {}
  };

  /** The user engaged with {@code nextItem} after {@code recentItems} (oldest first). */
  void followed(List<String> recentItems, String nextItem);

  void purchased(String itemId, int count);
}
