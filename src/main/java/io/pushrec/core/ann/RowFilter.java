package io.pushrec.core.ann;

import java.util.Set;
import java.util.function.Predicate;

/**
 * The items one search must not return: a few named ones (the user's own) and any that {@code admissible} refuses
 * (say, unavailable ones). The searches ask {@code admissible} only about rows good enough to be returned, so a
 * hash lookup per row of a million-row table is never paid.
 */
public record RowFilter(Set<String> excluded, Predicate<String> admissible) {
  public static final RowFilter NONE = new RowFilter(Set.of(), id -> true);

  public boolean allows(String itemId) {
    return !excluded.contains(itemId) && admissible.test(itemId);
  }
}
