package io.pushrec.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pushrec.core.CatalogItem;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a catalogue in JSON Lines: one item per line with {@code itemId}, {@code title} and optionally
 * {@code description}, {@code category} (or Amazon's space-joined {@code categories} path), {@code brand},
 * {@code price}, {@code tags}, {@code available}.
 */
public final class CatalogFile {
  /** Every item of the Amazon Scientific catalogue carries this root; it tells a shopper nothing. */
  private static final String AMAZON_ROOT = "Industrial & Scientific";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private CatalogFile() {}

  public static List<CatalogItem> read(Path file) throws IOException {
    List<CatalogItem> items = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int lineNo = 0;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) continue;
        JsonNode n;
        try {
          n = MAPPER.readTree(line);
        } catch (IOException e) {
          throw new IOException(file + ":" + lineNo + ": not a JSON object: " + e.getMessage(), e);
        }
        String itemId = n.path("itemId").asText("");
        if (itemId.isEmpty()) throw new IOException(file + ":" + lineNo + ": itemId is missing");
        List<String> tags = new ArrayList<>();
        n.path("tags").forEach(t -> tags.add(t.asText()));
        items.add(new CatalogItem(itemId, n.path("title").asText(""), n.path("description").asText(""),
            category(n), n.path("brand").asText(""),
            n.hasNonNull("price") ? n.get("price").asDouble() : null, tags, n.path("available").asBoolean(true)));
      }
    }
    return items;
  }

  private static String category(JsonNode n) {
    if (n.hasNonNull("category")) return n.get("category").asText();
    String path = n.path("categories").asText("").strip();
    if (path.startsWith(AMAZON_ROOT)) path = path.substring(AMAZON_ROOT.length()).strip();
    return path;
  }
}
