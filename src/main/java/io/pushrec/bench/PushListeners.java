package io.pushrec.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * One WebSocket per followed user, as a browser tab would hold. Event-to-push latency is the time from the send
 * of a POST carrying an event of the user to the first push frame after it. A user's next event replaces an
 * unanswered earlier one, because the policy suppresses pushes that change too little and such an event must not
 * be credited with a later event's push; the workload spaces a user's events far wider than a push takes.
 */
public final class PushListeners implements AutoCloseable {
  private final Set<String> users;
  private volatile Timeline timeline;
  private final Map<String, Long> pendingSendNanos = new ConcurrentHashMap<>();
  private final List<WebSocket> sockets = new ArrayList<>();
  private final LatencySamples latencies = new LatencySamples();
  private final LongAdder pushes = new LongAdder();
  private final LongAdder eventsWithoutPush = new LongAdder();

  private PushListeners(Set<String> users) {
    this.users = users;
  }

  /** From now on, pushes are counted per second of this timeline; before, connecting is not part of the run. */
  public void recordInto(Timeline timeline) {
    this.timeline = timeline;
  }

  /** Connects every user's socket, spreading them over the nodes, and waits until the node said hello on each. */
  public static PushListeners open(HttpClient client, List<URI> nodes, List<String> users)
      throws Exception {
    PushListeners listeners = new PushListeners(Set.copyOf(users));
    List<CompletableFuture<?>> hellos = new ArrayList<>();
    for (int i = 0; i < users.size(); i++) {
      String user = users.get(i);
      URI node = nodes.get(i % nodes.size());
      URI uri = URI.create("ws://" + node.getAuthority() + "/v1/users/" + user + "/push");
      CompletableFuture<Void> hello = new CompletableFuture<>();
      hellos.add(hello);
      listeners.sockets.add(client.newWebSocketBuilder()
          .buildAsync(uri, listeners.new Listener(user, hello)).get(10, TimeUnit.SECONDS));
    }
    CompletableFuture.allOf(hellos.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    return listeners;
  }

  public boolean follows(String user) {
    return users.contains(user);
  }

  public void sent(String user, long sendNanos) {
    if (pendingSendNanos.put(user, sendNanos) != null) eventsWithoutPush.increment();
  }

  void pushArrived(String user, long arrivalNanos) {
    Timeline recording = timeline;
    if (recording == null) return;
    pushes.increment();
    Timeline.Second second = recording.at(arrivalNanos);
    second.pushes.increment();
    Long sent = pendingSendNanos.remove(user);
    if (sent == null) return;
    long micros = (arrivalNanos - sent) / 1000;
    latencies.record(micros);
    second.push.record(micros);
  }

  public LatencySamples latencies() {
    return latencies;
  }

  public long pushes() {
    return pushes.sum();
  }

  public long eventsWithoutPush() {
    return eventsWithoutPush.sum();
  }

  public int size() {
    return users.size();
  }

  @Override
  public void close() {
    for (WebSocket s : sockets) s.abort();
  }

  private final class Listener implements WebSocket.Listener {
    private final String user;
    private final CompletableFuture<Void> hello;
    private final StringBuilder frame = new StringBuilder();

    Listener(String user, CompletableFuture<Void> hello) {
      this.user = user;
      this.hello = hello;
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      long now = System.nanoTime();
      frame.append(data);
      if (last) {
        String text = frame.toString();
        frame.setLength(0);
        if (text.contains("\"type\":\"recommendations\"")) pushArrived(user, now);
        else if (text.contains("\"type\":\"hello\"")) hello.complete(null);
      }
      socket.request(1);
      return null;
    }
  }
}
