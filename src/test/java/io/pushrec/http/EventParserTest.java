package io.pushrec.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pushrec.core.EventType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class EventParserTest {
  static final Instant NOW = Instant.parse("2026-11-26T09:00:00Z");
  final EventParser parser = new EventParser(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(5), 3);

  @Test
  void parsesOneEventWithAllFields() {
    List<EventParser.UserEvent> events = parser.parse("""
        {"eventId":"e1","userId":"u1","type":"cart","itemId":"i9","timestamp":"2026-11-26T08:00:00Z",
         "context":{"tz":"Europe/Berlin"}}""");
    assertEquals(1, events.size());
    EventParser.UserEvent e = events.get(0);
    assertEquals("u1", e.userId());
    assertEquals(EventType.CART, e.event().type());
    assertEquals("i9", e.event().itemId());
    assertEquals(Instant.parse("2026-11-26T08:00:00Z").toEpochMilli(), e.event().timestampMillis());
    assertEquals(Map.of("tz", "Europe/Berlin"), e.event().context());
  }

  @Test
  void timestampDefaultsToNowAndAcceptsEpochMillis() {
    assertEquals(NOW.toEpochMilli(), parser.parse("{\"eventId\":\"e\",\"userId\":\"u\",\"type\":\"view\",\"itemId\":\"i\"}")
        .get(0).event().timestampMillis());
    assertEquals(1_780_000_000_000L, parser.parse(
        "{\"eventId\":\"e\",\"userId\":\"u\",\"type\":\"view\",\"itemId\":\"i\",\"timestamp\":1780000000000}")
        .get(0).event().timestampMillis());
  }

  @Test
  void searchNeedsAQueryButNoItem() {
    EventParser.UserEvent e = parser.parse("{\"eventId\":\"e\",\"userId\":\"u\",\"type\":\"search\",\"query\":\"glue\"}").get(0);
    assertNull(e.event().itemId());
    assertEquals("glue", e.event().query());
  }

  @Test
  void parsesABatch() {
    List<EventParser.UserEvent> events = parser.parse("""
        {"events":[{"eventId":"1","userId":"a","type":"view","itemId":"x"},
                   {"eventId":"2","userId":"b","type":"purchase","itemId":"y"}]}""");
    assertEquals(List.of("a", "b"), events.stream().map(EventParser.UserEvent::userId).toList());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "malformed JSON          | {\"eventId\":                                                         | 400 | ",
      "not an object           | [1,2]                                                                | 400 | ",
      "unknown type            | {\"eventId\":\"e\",\"userId\":\"u\",\"type\":\"like\",\"itemId\":\"i\"}         | 400 | type",
      "missing userId          | {\"eventId\":\"e\",\"type\":\"view\",\"itemId\":\"i\"}                        | 400 | userId",
      "missing eventId         | {\"userId\":\"u\",\"type\":\"view\",\"itemId\":\"i\"}                         | 400 | eventId",
      "missing itemId          | {\"eventId\":\"e\",\"userId\":\"u\",\"type\":\"view\"}                        | 400 | itemId",
      "blank userId            | {\"eventId\":\"e\",\"userId\":\" \",\"type\":\"view\",\"itemId\":\"i\"}          | 400 | userId",
      "numeric userId          | {\"eventId\":\"e\",\"userId\":7,\"type\":\"view\",\"itemId\":\"i\"}            | 400 | userId",
      "search without query    | {\"eventId\":\"e\",\"userId\":\"u\",\"type\":\"search\"}                      | 400 | query",
      "future timestamp        | {\"eventId\":\"e\",\"userId\":\"u\",\"type\":\"view\",\"itemId\":\"i\",\"timestamp\":\"2026-11-26T10:00:00Z\"} | 400 | timestamp",
      "seconds not millis      | {\"eventId\":\"e\",\"userId\":\"u\",\"type\":\"view\",\"itemId\":\"i\",\"timestamp\":1780000000} | 400 | timestamp",
      "garbled timestamp       | {\"eventId\":\"e\",\"userId\":\"u\",\"type\":\"view\",\"itemId\":\"i\",\"timestamp\":\"yesterday\"} | 400 | timestamp",
      "context not strings     | {\"eventId\":\"e\",\"userId\":\"u\",\"type\":\"view\",\"itemId\":\"i\",\"context\":{\"a\":1}} | 400 | context.a",
      "unknown field           | {\"eventId\":\"e\",\"userId\":\"u\",\"type\":\"view\",\"itemId\":\"i\",\"price\":3} | 400 | price",
      "empty batch             | {\"events\":[]}                                                      | 400 | events",
      "batch over the limit    | {\"events\":[{},{},{},{}]}                                           | 413 | events",
      "bad event inside batch  | {\"events\":[{\"eventId\":\"e\",\"userId\":\"u\",\"type\":\"view\",\"itemId\":\"i\"},{\"eventId\":\"f\"}]} | 400 | events[1].userId",
  })
  void rejectsWithStatusAndField(String name, String body, int status, String field) {
    ApiError e = assertThrows(ApiError.class, () -> parser.parse(body));
    assertEquals(status, e.status());
    assertEquals(field, e.field());
  }

  @Test
  void rejectsOversizedIds() {
    String longId = "x".repeat(EventParser.MAX_ID_LENGTH + 1);
    ApiError e = assertThrows(ApiError.class, () -> parser.parse(
        "{\"eventId\":\"e\",\"userId\":\"" + longId + "\",\"type\":\"view\",\"itemId\":\"i\"}"));
    assertEquals("userId", e.field());
  }
}
