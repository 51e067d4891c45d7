package io.pushrec.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A browser tab's push socket as the demo page keeps it: when the connection drops it reconnects with back-off
 * (0.5 s doubling to 5 s, jittered) to the next node and resumes with {@code ?lastPushId=}.
 */
final class FollowingSocket implements WebSocket.Listener {
  private static final ObjectMapper JSON = new ObjectMapper();

  final String userId;
  private final List<Integer> nodes;
  private final ScheduledExecutorService scheduler;
  private final StringBuilder partial = new StringBuilder();
  private volatile int nodeIndex;
  private volatile WebSocket socket;
  private volatile boolean closing;
  private int attempt;
  volatile String lastPushId = "";
  final AtomicInteger pushes = new AtomicInteger();
  /** When the first drop happened and when the socket was open again after it (System.nanoTime, 0 = never). */
  volatile long droppedAt;
  volatile long reopenedAt;

  FollowingSocket(String userId, List<Integer> nodes, int firstNode, ScheduledExecutorService scheduler) {
    this.userId = userId;
    this.nodes = nodes;
    this.nodeIndex = nodes.indexOf(firstNode);
    this.scheduler = scheduler;
  }

  int node() {
    return nodes.get(nodeIndex);
  }

  boolean isOpen() {
    WebSocket ws = socket;
    return ws != null && !ws.isInputClosed();
  }

  void connect() {
    String query = lastPushId.isEmpty() ? "" : "?lastPushId=" + URLEncoder.encode(lastPushId, StandardCharsets.UTF_8);
    URI uri = URI.create("ws://127.0.0.1:" + LocalCluster.httpPort(node()) + "/v1/users/" + userId + "/push" + query);
    LocalCluster.HTTP.newWebSocketBuilder().buildAsync(uri, this).whenComplete((ws, failure) -> {
      if (failure != null) dropped();
    });
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    socket = webSocket;
    synchronized (this) {
      attempt = 0;
    }
    if (droppedAt != 0 && reopenedAt == 0) reopenedAt = System.nanoTime();
    webSocket.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      received(partial.toString());
      partial.setLength(0);
    }
    webSocket.request(1);
    return null;
  }

  private void received(String frame) {
    try {
      JsonNode message = JSON.readTree(frame);
      if ("recommendations".equals(message.path("type").asText())) {
        lastPushId = message.get("pushId").asText();
        pushes.incrementAndGet();
      }
    } catch (Exception e) {
      System.err.println("unreadable push frame for " + userId + ": " + frame);
    }
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    dropped();
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    dropped();
  }

  private void dropped() {
    socket = null;
    if (closing) return;
    if (droppedAt == 0) droppedAt = System.nanoTime();
    long step;
    synchronized (this) {
      step = Math.min(5000, 500L << Math.min(attempt, 4));
      attempt++;
    }
    nodeIndex = (nodeIndex + 1) % nodes.size();
    long delay = step / 2 + ThreadLocalRandom.current().nextLong(step / 2 + 1);
    scheduler.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
  }

  void close() {
    closing = true;
    WebSocket ws = socket;
    if (ws != null) ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(3, TimeUnit.SECONDS).exceptionally(e -> null);
  }
}
