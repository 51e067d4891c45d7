package io.pushrec.catalog;

import io.pushrec.core.CatalogSnapshot;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The node's current catalogue snapshot. Every user entity on the node reads it; only the node's
 * {@link CatalogReplica} swaps it, whole, so scoring never waits for an update and never sees half of one.
 */
public final class LiveCatalog {
  private final AtomicReference<CatalogSnapshot> current;

  public LiveCatalog(CatalogSnapshot initial) {
    this.current = new AtomicReference<>(initial);
  }

  public CatalogSnapshot get() {
    return current.get();
  }

  void swap(CatalogSnapshot next) {
    current.set(next);
  }
}
