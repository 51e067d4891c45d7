package io.pushrec.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pushrec.core.CatalogItem;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns import files into the node's HTTP requests, deterministically: the same file always gives the same
 * requests in the same order with the same event ids, which is what makes an import resumable and idempotent.
 */
public final class ImportRequests {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ImportRequests() {}

  /** One PUT per item; items without a title are skipped, because the API requires one. */
  public static List<HttpUploader.Request> items(List<CatalogItem> items) {
    List<HttpUploader.Request> out = new ArrayList<>(items.size());
    for (CatalogItem item : items) {
      if (item.title().isBlank()) continue;
      ObjectNode body = MAPPER.createObjectNode();
      body.put("title", item.title());
      if (!item.description().isEmpty()) body.put("description", item.description());
      if (!item.category().isEmpty()) body.put("category", item.category());
      if (!item.brand().isEmpty()) body.put("brand", item.brand());
      if (item.price() != null) body.put("price", item.price());
      if (!item.tags().isEmpty()) item.tags().forEach(body.putArray("tags")::add);
      body.put("available", item.available());
      out.add(new HttpUploader.Request("PUT", "/v1/items/" + encode(item.itemId()), body.toString(), 1));
    }
    return out;
  }

  /**
   * Batches of events from per-user sequences (the sasrec and s3rec logs). A user's events stay in one batch
   * unless they alone exceed it, so concurrent batches never reorder one user's history. The log has no times:
   * the i-th of n events of a user is stamped n - i seconds before {@code nowMillis}, keeping the order.
   *
   * @param eventIdPrefix names the log, so two logs never share event ids; the id is prefix:user:position
   */
  public static List<HttpUploader.Request> events(Map<String, List<String>> sequences, String type,
      String eventIdPrefix, int batchSize, long nowMillis) {
    List<HttpUploader.Request> out = new ArrayList<>();
    List<ObjectNode> batch = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : sequences.entrySet()) {
      List<String> items = e.getValue();
      if (!batch.isEmpty() && batch.size() + items.size() > batchSize) out.add(eventBatch(batch));
      for (int i = 0; i < items.size(); i++) {
        ObjectNode event = MAPPER.createObjectNode();
        event.put("eventId", eventIdPrefix + ":" + e.getKey() + ":" + i);
        event.put("userId", e.getKey());
        event.put("type", type);
        event.put("itemId", items.get(i));
        event.put("timestamp", nowMillis - (items.size() - i) * 1000L);
        batch.add(event);
        if (batch.size() == batchSize) out.add(eventBatch(batch));
      }
    }
    if (!batch.isEmpty()) out.add(eventBatch(batch));
    return out;
  }

  /**
   * Batches of JSON Lines events, each line an event as {@code POST /v1/events} takes it; a line without an
   * eventId gets prefix:user:n, n counting that user's lines, so a re-run gives the same id.
   */
  public static List<HttpUploader.Request> jsonLines(Path file, String eventIdPrefix, int batchSize) throws IOException {
    List<HttpUploader.Request> out = new ArrayList<>();
    List<ObjectNode> batch = new ArrayList<>();
    Map<String, Integer> perUser = new LinkedHashMap<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int lineNo = 0;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) continue;
        JsonNode node = MAPPER.readTree(line);
        if (!node.isObject()) throw new IOException(file + ":" + lineNo + ": not a JSON object");
        ObjectNode event = (ObjectNode) node;
        String user = event.path("userId").asText("");
        int n = perUser.merge(user, 1, Integer::sum) - 1;
        if (!event.hasNonNull("eventId")) event.put("eventId", eventIdPrefix + ":" + user + ":" + n);
        batch.add(event);
        if (batch.size() == batchSize) out.add(eventBatch(batch));
      }
    }
    if (!batch.isEmpty()) out.add(eventBatch(batch));
    return out;
  }

  private static HttpUploader.Request eventBatch(List<ObjectNode> batch) {
    ObjectNode body = MAPPER.createObjectNode();
    ArrayNode events = body.putArray("events");
    batch.forEach(events::add);
    HttpUploader.Request request = new HttpUploader.Request("POST", "/v1/events", body.toString(), batch.size());
    batch.clear();
    return request;
  }

  private static String encode(String id) {
    return java.net.URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
