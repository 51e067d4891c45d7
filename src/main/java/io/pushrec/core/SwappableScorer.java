package io.pushrec.core;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The node's current scorer, replaced whole when a new model version is loaded. Each call reads the
 * reference once, so a user is always scored by one model version, never a mix.
 */
public final class SwappableScorer implements Scorer {
  public record Version(String name, Scorer scorer) {}

  private final AtomicReference<Version> current;

  public SwappableScorer(String version, Scorer initial) {
    this.current = new AtomicReference<>(new Version(version, initial));
  }

  public Version current() {
    return current.get();
  }

  public void swap(String version, Scorer next) {
    current.set(new Version(version, next));
  }

  @Override
  public boolean knows(String itemId, CatalogSnapshot catalog) {
    return current.get().scorer().knows(itemId, catalog);
  }

  @Override
  public Object knowledge() {
    return current.get();
  }

  @Override
  public List<Recommendation> recommend(InterestState user, CatalogSnapshot catalog, int k, long nowMillis) {
    return current.get().scorer().recommend(user, catalog, k, nowMillis);
  }
}
