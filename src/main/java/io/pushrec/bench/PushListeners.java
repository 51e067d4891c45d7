package io.pushrec.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 *
 * <p>Listeners sit in slots; when a slot's user changes (a replayed shopper's history ends and the next begins),
 * the slot's socket is replaced by one for the new user, as a new shopper opens a tab. Events sent before the new
 * socket's hello are not timed.
 */
public final class PushListeners implements AutoCloseable {
  private final HttpClient client;
  private final List<URI> nodes;
  private final Slot[] slots;
  private volatile Timeline timeline;
  private final Map<String, Long> pendingSendNanos = new ConcurrentHashMap<>();
  private final LatencySamples latencies = new LatencySamples();
  private final LongAdder pushes = new LongAdder();
  private final LongAdder eventsWithoutPush = new LongAdder();

  private PushListeners(HttpClient client, List<URI> nodes, int size) {
    this.client = client;
    this.nodes = nodes;
    this.slots = new Slot[size];
    for (int i = 0; i < size; i++) slots[i] = new Slot(i);
  }

  /** From now on, pushes are counted per second of this timeline; before, connecting is not part of the run. */
  public void recordInto(Timeline timeline) {
    this.timeline = timeline;
  }

  /**
   * Connects every user's socket, spreading them over the nodes, and waits until the node said hello on each.
   *
   * @param users the first user of each slot
   */
  public static PushListeners open(HttpClient client, List<URI> nodes, List<String> users) throws Exception {
    PushListeners listeners = new PushListeners(client, nodes, users.size());
    List<CompletableFuture<?>> hellos = new ArrayList<>();
    for (int i = 0; i < users.size(); i++) hellos.add(listeners.slots[i].follow(users.get(i)));
    CompletableFuture.allOf(hellos.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    return listeners;
  }

  /** An event of {@code user}, whom slot {@code slot} follows (or follows from now on), was sent. */
  public void sent(int slot, String user, long sendNanos) {
    if (slot >= slots.length) return;
    Slot listener = slots[slot];
    if (!user.equals(listener.user)) {
      listener.follow(user);
      return;
    }
    if (!listener.ready) return;
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
    return slots.length;
  }

  @Override
  public void close() {
    for (Slot slot : slots) slot.abort();
  }

  private final class Slot {
    private final URI node;
    volatile String user;
    volatile boolean ready;
    private CompletableFuture<WebSocket> socket;

    Slot(int index) {
      this.node = nodes.get(index % nodes.size());
    }

    /** Replaces the slot's socket by one for {@code next}; completes on the node's hello. */
    synchronized CompletableFuture<Void> follow(String next) {
      abort();
      // The user followed until now will see no push on this slot: an unanswered event of theirs is not timed.
      if (user != null) pendingSendNanos.remove(user);
      user = next;
      ready = false;
      CompletableFuture<Void> hello = new CompletableFuture<>();
      URI uri = URI.create("ws://" + node.getAuthority() + "/v1/users/" + next + "/push");
      socket = client.newWebSocketBuilder().buildAsync(uri, new Listener(this, next, hello));
      return hello;
    }

    synchronized void abort() {
      if (socket != null) socket.thenAccept(WebSocket::abort);
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final Slot slot;
    private final String user;
    private final CompletableFuture<Void> hello;
    private final StringBuilder frame = new StringBuilder();

    Listener(Slot slot, String user, CompletableFuture<Void> hello) {
      this.slot = slot;
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
        if (text.contains("\"type\":\"recommendations\"")) {
          pushArrived(user, now);
        } else if (text.contains("\"type\":\"hello\"")) {
          if (user.equals(slot.user)) slot.ready = true;
          hello.complete(null);
        }
      }
      socket.request(1);
      return null;
    }
  }
}
