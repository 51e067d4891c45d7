package io.pushrec.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Sends behaviour events to the nodes as a shop would: each request goes to the next node in turn and is retried,
 * with the same event ids, on another node after a 503, a connection failure or a timeout, until one acknowledges
 * it. Keeps its own tally of acknowledged event ids per user, to compare with what the users report.
 */
final class EventLoad {
  record Event(String eventId, String userId, String type, String itemId) {
    String json() {
      return "{\"eventId\":\"" + eventId + "\",\"userId\":\"" + userId + "\",\"type\":\"" + type + "\",\"itemId\":\""
          + itemId + "\"}";
    }
  }

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(8);
  private static final Duration GIVE_UP_AFTER = Duration.ofSeconds(90);

  private final Map<String, Set<String>> acknowledged = new ConcurrentHashMap<>();
  final AtomicLong acknowledgedEvents = new AtomicLong();
  final AtomicLong requestsOk = new AtomicLong();
  final AtomicLong status503 = new AtomicLong();
  final AtomicLong otherStatus5xx = new AtomicLong();
  final AtomicLong status4xx = new AtomicLong();
  final AtomicLong connectionFailures = new AtomicLong();
  final AtomicLong duplicatesReported = new AtomicLong();
  final AtomicLong gaveUp = new AtomicLong();
  /** Events of requests given up on: they may or may not have been recorded. */
  private final Map<String, Set<String>> unacknowledged = new ConcurrentHashMap<>();

  /** A request and the node it goes to first; a failed attempt is retried on the next nodes in turn. */
  record Request(List<Event> events, int node) {}

  /** Each batch to the next node in turn, as a client that knows nothing of where users live. */
  static List<Request> inTurn(List<List<Event>> batches, List<Integer> nodes) {
    List<Request> requests = new ArrayList<>(batches.size());
    for (int i = 0; i < batches.size(); i++) requests.add(new Request(batches.get(i), nodes.get(i % nodes.size())));
    return requests;
  }

  /**
   * Sends the batches with {@code concurrency} requests at once, at most {@code eventsPerSecond} (0: as fast as the
   * nodes answer), through the nodes {@code targets} lists at the time each attempt is made.
   */
  void run(List<List<Event>> batches, List<Integer> targets, int concurrency, double eventsPerSecond)
      throws InterruptedException {
    runRequests(inTurn(batches, targets), targets, concurrency, eventsPerSecond);
  }

  /** Sends the requests as {@link #run(List, List, int, double)} does, each to its own node first. */
  void runRequests(List<Request> requests, List<Integer> targets, int concurrency, double eventsPerSecond)
      throws InterruptedException {
    long[] eventsBefore = new long[requests.size()];
    for (int i = 1; i < requests.size(); i++) eventsBefore[i] = eventsBefore[i - 1] + requests.get(i - 1).events().size();
    AtomicInteger next = new AtomicInteger();
    long started = System.nanoTime();
    ExecutorService workers = Executors.newFixedThreadPool(concurrency);
    for (int w = 0; w < concurrency; w++) {
      workers.execute(() -> {
        int i;
        while ((i = next.getAndIncrement()) < requests.size()) {
          if (eventsPerSecond > 0) pace(started, eventsBefore[i], eventsPerSecond);
          send(requests.get(i), targets);
        }
      });
    }
    workers.shutdown();
    if (!workers.awaitTermination(30, TimeUnit.MINUTES)) throw new IllegalStateException("event load did not finish");
  }

  private static void pace(long started, long eventsBefore, double eventsPerSecond) {
    long due = started + (long) (eventsBefore / eventsPerSecond * 1e9);
    long wait = due - System.nanoTime();
    if (wait > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void send(Request request, List<Integer> targets) {
    List<Event> batch = request.events();
    int first = targets.indexOf(request.node());
    String body = batch.stream().map(Event::json).collect(Collectors.joining(",", "{\"events\":[", "]}"));
    long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
    for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
      int node = attempt == 0 ? request.node() : targets.get(Math.floorMod(first + attempt, targets.size()));
      try {
        HttpResponse<String> response = LocalCluster.HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + LocalCluster.httpPort(node) + "/v1/events"))
            .timeout(REQUEST_TIMEOUT).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status == 200) {
          acknowledge(batch, response.body());
          return;
        }
        if (status == 503) {
          status503.incrementAndGet();
        } else if (status >= 500) {
          otherStatus5xx.incrementAndGet();
          System.err.println("unexpected " + status + " from node " + node + ": " + response.body());
        } else {
          status4xx.incrementAndGet();
          System.err.println("rejected " + status + " from node " + node + ": " + response.body());
          break;
        }
      } catch (IOException e) {
        connectionFailures.incrementAndGet();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      backOff(attempt);
    }
    gaveUp.incrementAndGet();
    batch.forEach(e -> unacknowledged.computeIfAbsent(e.userId(), u -> ConcurrentHashMap.newKeySet()).add(e.eventId()));
  }

  private void acknowledge(List<Event> batch, String body) {
    requestsOk.incrementAndGet();
    for (Event e : batch) {
      if (acknowledged.computeIfAbsent(e.userId(), u -> ConcurrentHashMap.newKeySet()).add(e.eventId())) {
        acknowledgedEvents.incrementAndGet();
      }
    }
    int duplicates = body.indexOf("\"duplicates\":");
    if (duplicates >= 0) {
      duplicatesReported.addAndGet(Long.parseLong(body.substring(duplicates + 13, body.indexOf('}', duplicates)).trim()));
    }
  }

  private static void backOff(int attempt) {
    try {
      Thread.sleep(Math.min(1000, 50L << Math.min(attempt, 5)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Distinct event ids a node acknowledged for this user. */
  int acknowledgedFor(String userId) {
    return acknowledged.getOrDefault(userId, Set.of()).size();
  }

  int unacknowledgedFor(String userId) {
    return unacknowledged.getOrDefault(userId, Set.of()).size();
  }
}
