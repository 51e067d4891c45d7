package io.pushrec.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.pushrec.cassandra.TestCassandra;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real node for integration tests: its own keyspaces in the test Cassandra, random ports, HTTP helpers. */
public final class TestNode implements AutoCloseable {
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public final PushrecNode node;
  public final String baseUrl;

  private TestNode(PushrecNode node) {
    this.node = node;
    this.baseUrl = "http://127.0.0.1:" + node.httpPort();
  }

  /** Starts a node on {@code keyspace} (created if missing) and waits until it reports ready. */
  public static TestNode start(String keyspace, Path seedLog) throws Exception {
    return start(keyspace, seedLog, Map.of());
  }

  public static TestNode start(String keyspace, Path seedLog, Map<String, Object> overrides) throws Exception {
    return start(keyspace, seedLog, overrides, Duration.ofSeconds(90));
  }

  /** @param readyTimeout the first node on a new keyspace waits for Cassandra to create its tables */
  public static TestNode start(String keyspace, Path seedLog, Map<String, Object> overrides, Duration readyTimeout)
      throws Exception {
    TestCassandra.Endpoint cassandra = TestCassandra.ensureRunning();
    Config config = PushrecNode.configuration(ConfigFactory.parseMap(overrides).withFallback(ConfigFactory.parseMap(Map.of(
            "pushrec.http.port", 0,
            // A young node's first reads (statements prepared, code not yet compiled) can take over the 1 s default
            // on a busy CI machine; the tests assert what a read answers, not how fast.
            "pushrec.http.read-timeout", "5s",
            "pekko.remote.artery.canonical.port", 0,
            "pekko.persistence.cassandra.journal.keyspace", keyspace,
            "pekko.persistence.cassandra.snapshot.keyspace", keyspace + "_snapshot",
            "datastax-java-driver.basic.contact-points", java.util.List.of(cassandra.contactPoint()),
            "pushrec.seed-log", seedLog == null ? "" : seedLog.toString(),
            "pushrec.seed-log-format", "s3rec"))));
    PushrecNode node = PushrecNode.start(config);
    node.ready().get(readyTimeout.toMillis(), TimeUnit.MILLISECONDS);
    return new TestNode(node);
  }

  public static String uniqueKeyspace(String prefix) {
    return prefix + "_" + Long.toString(System.nanoTime(), 36);
  }

  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
    return send("POST", path, body);
  }

  /** Posts the body without a declared length, in chunks, as a client streaming its body does. */
  public HttpResponse<String> postChunked(String path, String body) throws IOException, InterruptedException {
    byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes))).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> put(String path, String body) throws IOException, InterruptedException {
    return send("PUT", path, body);
  }

  private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Opens the user's push socket; every text frame lands in the returned queue. */
  public PushSocket openPushSocket(String userId) throws Exception {
    return openPushSocket(userId, "");
  }

  /** @param query appended to the socket's URL, e.g. "?lastPushId=u:3" */
  public PushSocket openPushSocket(String userId, String query) throws Exception {
    PushSocket socket = new PushSocket();
    socket.ws = HTTP.newWebSocketBuilder()
        .buildAsync(URI.create("ws://127.0.0.1:" + node.httpPort() + "/v1/users/" + userId + "/push" + query), socket)
        .get(10, TimeUnit.SECONDS);
    return socket;
  }

  @Override
  public void close() {
    node.close();
  }

  public static final class PushSocket implements WebSocket.Listener, AutoCloseable {
    public final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    WebSocket ws;

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        frames.add(partial.toString());
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    /** The next frame whose type is {@code type}, skipping others, or null after the timeout. */
    public String next(String type, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        String frame = frames.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (frame == null || frame.contains("\"type\":\"" + type + "\"")) return frame;
      }
    }

    @Override
    public void close() {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }
  }
}
