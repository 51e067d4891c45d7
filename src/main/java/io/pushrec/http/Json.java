package io.pushrec.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The one JSON mapper of the HTTP edge. */
final class Json {
  static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  static {
    MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build());
  }

  private Json() {}

  static JsonNode parse(String body) {
    if (body == null || body.isBlank()) throw ApiError.badRequest(null, "request body is empty; expected JSON");
    try {
      return MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw ApiError.badRequest(null, "malformed JSON: " + e.getOriginalMessage());
    }
  }

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot render response as JSON", e);
    }
  }

  static String error(ApiError e) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("error", e.getMessage());
    if (e.field() != null) node.put("field", e.field());
    return node.toString();
  }

  static String error(String message) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("error", message);
    return node.toString();
  }
}
