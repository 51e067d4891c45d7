package io.pushrec.core;

import java.util.Map;
import java.util.Objects;

/**
 * One behaviour event as the shop reported it, after validation.
 *
 * @param itemId null only for {@link EventType#SEARCH}
 * @param query non-null only for searches
 */
public record BehaviourEvent(
    String eventId,
    EventType type,
    String itemId,
    String query,
    long timestampMillis,
    Map<String, String> context) {

  public BehaviourEvent {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(type, "type");
    context = context == null ? Map.of() : Map.copyOf(context);
  }
}
