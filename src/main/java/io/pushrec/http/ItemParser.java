package io.pushrec.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushrec.core.CatalogItem;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Validates a {@code PUT /v1/items/{itemId}} body into a catalogue item. */
public final class ItemParser {
  static final int MAX_TITLE = 512;
  static final int MAX_DESCRIPTION = 4000;
  static final int MAX_CATEGORY = 256;
  static final int MAX_BRAND = 128;
  static final int MAX_TAGS = 32;
  static final int MAX_TAG = 64;
  private static final Set<String> FIELDS =
      Set.of("itemId", "title", "description", "category", "brand", "price", "tags", "available");

  private ItemParser() {}

  public static CatalogItem parse(String itemId, String body) {
    validateId(itemId);
    JsonNode node = Json.parse(body);
    if (!node.isObject()) throw ApiError.badRequest(null, "expected a JSON object describing the item");
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) throw ApiError.badRequest(name, "unknown field; allowed: " + FIELDS);
    }
    JsonNode bodyId = node.get("itemId");
    if (bodyId != null && !(bodyId.isTextual() && bodyId.textValue().equals(itemId))) {
      throw ApiError.badRequest("itemId", "differs from the item id in the path");
    }
    String title = text(node, "title", MAX_TITLE);
    if (title.isBlank()) throw ApiError.badRequest("title", "is required");
    return new CatalogItem(itemId, title, text(node, "description", MAX_DESCRIPTION),
        text(node, "category", MAX_CATEGORY), text(node, "brand", MAX_BRAND), price(node.get("price")),
        tags(node.get("tags")), available(node.get("available")));
  }

  static void validateId(String itemId) {
    if (itemId.isBlank() || itemId.length() > EventParser.MAX_ID_LENGTH
        || itemId.chars().anyMatch(Character::isISOControl)) {
      throw ApiError.badRequest("itemId", "must be 1 to " + EventParser.MAX_ID_LENGTH + " printable characters");
    }
  }

  private static String text(JsonNode node, String field, int max) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) return "";
    if (!value.isTextual()) throw ApiError.badRequest(field, "must be a string");
    if (value.textValue().length() > max) throw ApiError.badRequest(field, "is longer than " + max + " characters");
    return value.textValue().strip();
  }

  private static Double price(JsonNode value) {
    if (value == null || value.isNull()) return null;
    if (!value.isNumber() || !Double.isFinite(value.doubleValue()) || value.doubleValue() < 0) {
      throw ApiError.badRequest("price", "must be a number of at least 0");
    }
    return value.doubleValue();
  }

  private static List<String> tags(JsonNode value) {
    if (value == null || value.isNull()) return List.of();
    if (!value.isArray()) throw ApiError.badRequest("tags", "must be an array of strings");
    if (value.size() > MAX_TAGS) throw ApiError.badRequest("tags", "holds at most " + MAX_TAGS + " tags");
    List<String> out = new ArrayList<>();
    for (JsonNode tag : value) {
      if (!tag.isTextual() || tag.textValue().isBlank() || tag.textValue().length() > MAX_TAG) {
        throw ApiError.badRequest("tags", "each tag is a non-blank string of at most " + MAX_TAG + " characters");
      }
      out.add(tag.textValue());
    }
    return out;
  }

  private static boolean available(JsonNode value) {
    if (value == null || value.isNull()) return true;
    if (!value.isBoolean()) throw ApiError.badRequest("available", "must be true or false");
    return value.booleanValue();
  }
}
