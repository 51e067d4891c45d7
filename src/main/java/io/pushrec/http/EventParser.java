package io.pushrec.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushrec.core.BehaviourEvent;
import io.pushrec.core.EventType;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a {@code POST /v1/events} body into validated events, or fails with an {@link ApiError} naming the
 * first bad field. Nothing is accepted from a body that has any error, so a rejected request changes nothing.
 */
public final class EventParser {
  public static final int MAX_ID_LENGTH = 128;
  public static final int MAX_QUERY_LENGTH = 512;
  public static final int MAX_CONTEXT_ENTRIES = 32;
  public static final int MAX_CONTEXT_KEY_LENGTH = 64;
  public static final int MAX_CONTEXT_VALUE_LENGTH = 512;
  /** Earliest accepted timestamp: 2000-01-01, so seconds sent as millis are caught. */
  static final long EARLIEST_MILLIS = 946_684_800_000L;
  private static final Set<String> FIELDS =
      Set.of("eventId", "userId", "type", "itemId", "query", "timestamp", "context");

  /** An accepted event with the user it belongs to. */
  public record UserEvent(String userId, BehaviourEvent event) {}

  private final Clock clock;
  private final Duration maxFutureSkew;
  private final int maxBatch;

  public EventParser(Clock clock, Duration maxFutureSkew, int maxBatch) {
    this.clock = clock;
    this.maxFutureSkew = maxFutureSkew;
    this.maxBatch = maxBatch;
  }

  public List<UserEvent> parse(String body) {
    JsonNode root = Json.parse(body);
    if (!root.isObject()) throw ApiError.badRequest(null, "expected a JSON object: one event or {\"events\":[...]}");
    if (!root.has("events")) return List.of(event(root, ""));
    if (root.size() != 1) throw ApiError.badRequest(null, "a batch body has only the field \"events\"");
    JsonNode events = root.get("events");
    if (!events.isArray()) throw ApiError.badRequest("events", "must be an array of events");
    if (events.isEmpty()) throw ApiError.badRequest("events", "must hold at least one event");
    if (events.size() > maxBatch) {
      throw new ApiError(413, "events", "a batch holds at most " + maxBatch + " events, got " + events.size());
    }
    List<UserEvent> out = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) out.add(event(events.get(i), "events[" + i + "]."));
    return out;
  }

  private UserEvent event(JsonNode node, String path) {
    if (!node.isObject()) throw ApiError.badRequest(path.isEmpty() ? null : path.substring(0, path.length() - 1),
        "each event must be a JSON object");
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) throw ApiError.badRequest(path + name, "unknown field; allowed: " + FIELDS);
    }
    String eventId = id(node, path, "eventId", true);
    String userId = id(node, path, "userId", true);
    String typeName = text(node, path, "type", true, 32);
    EventType type = EventType.fromWire(typeName).orElseThrow(() ->
        ApiError.badRequest(path + "type", "unknown type '" + typeName + "'; allowed: " + EventType.allowedNames()));
    String itemId = id(node, path, "itemId", type.requiresItem);
    String query = text(node, path, "query", type == EventType.SEARCH, MAX_QUERY_LENGTH);
    if (type == EventType.SEARCH && query.isBlank()) throw ApiError.badRequest(path + "query", "must not be blank");
    long timestamp = timestamp(node.get("timestamp"), path + "timestamp");
    Map<String, String> context = context(node.get("context"), path + "context");
    return new UserEvent(userId, new BehaviourEvent(eventId, type, itemId, query, timestamp, context));
  }

  private static String id(JsonNode node, String path, String field, boolean required) {
    String value = text(node, path, field, required, MAX_ID_LENGTH);
    if (value != null && value.isBlank()) throw ApiError.badRequest(path + field, "must not be blank");
    return value;
  }

  private static String text(JsonNode node, String path, String field, boolean required, int maxLength) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (required) throw ApiError.badRequest(path + field, "is required");
      return null;
    }
    if (!value.isTextual()) throw ApiError.badRequest(path + field, "must be a string");
    String text = value.textValue();
    if (text.length() > maxLength) {
      throw ApiError.badRequest(path + field, "is longer than " + maxLength + " characters");
    }
    if (text.chars().anyMatch(Character::isISOControl)) {
      throw ApiError.badRequest(path + field, "must not contain control characters");
    }
    return text;
  }

  private long timestamp(JsonNode value, String field) {
    long now = clock.millis();
    if (value == null || value.isNull()) return now;
    long millis;
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      millis = value.longValue();
    } else if (value.isTextual()) {
      try {
        millis = OffsetDateTime.parse(value.textValue()).toInstant().toEpochMilli();
      } catch (DateTimeException e) {
        try {
          millis = Instant.parse(value.textValue()).toEpochMilli();
        } catch (DateTimeException e2) {
          throw ApiError.badRequest(field, "must be ISO-8601 with a zone (2026-11-26T09:00:00Z) or epoch millis");
        }
      }
    } else {
      throw ApiError.badRequest(field, "must be ISO-8601 with a zone (2026-11-26T09:00:00Z) or epoch millis");
    }
    if (millis > now + maxFutureSkew.toMillis()) {
      throw ApiError.badRequest(field, "is more than " + maxFutureSkew.toMinutes() + " minutes in the future");
    }
    if (millis < EARLIEST_MILLIS) throw ApiError.badRequest(field, "is before 2000-01-01; epoch millis expected");
    return millis;
  }

  private static Map<String, String> context(JsonNode value, String field) {
    if (value == null || value.isNull()) return Map.of();
    if (!value.isObject()) throw ApiError.badRequest(field, "must be an object of string values");
    if (value.size() > MAX_CONTEXT_ENTRIES) {
      throw ApiError.badRequest(field, "holds at most " + MAX_CONTEXT_ENTRIES + " entries");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().length() > MAX_CONTEXT_KEY_LENGTH) {
        throw ApiError.badRequest(field, "key longer than " + MAX_CONTEXT_KEY_LENGTH + " characters");
      }
      if (!e.getValue().isTextual()) throw ApiError.badRequest(field + "." + e.getKey(), "must be a string");
      if (e.getValue().textValue().length() > MAX_CONTEXT_VALUE_LENGTH) {
        throw ApiError.badRequest(field + "." + e.getKey(), "is longer than " + MAX_CONTEXT_VALUE_LENGTH + " characters");
      }
      out.put(e.getKey(), e.getValue().textValue());
    }
    return out;
  }
}
