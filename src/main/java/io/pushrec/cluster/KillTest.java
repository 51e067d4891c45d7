package io.pushrec.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fault test: three nodes as separate JVMs, events sent through all of them with retries, one node killed with
 * SIGKILL halfway and started again, then every user's event count compared with the acknowledged events. Also
 * measures the CPU each node spends per event with one, two and three nodes. Prints the figures; {@link #run()}
 * answers whether every check held.
 */
public final class KillTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<Integer> ALL = List.of(1, 2, 3);
  private static final String[] TYPES = {"view", "view", "view", "click", "cart", "favorite"};
  private static final int ITEMS = 60;
  /**
   * How long a probe's request may take before its user is asked again: longer than the nodes' read timeout (1 s),
   * so the node's 503 comes first and the connection stays open for the retry.
   */
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);
  /** A user whose request failed goes to the back of the queue and its probe waits this long, as a client would. */
  private static final Duration PROBE_RETRY_PAUSE = Duration.ofMillis(100);
  private static final double ROLLING_EVENTS_PER_SECOND = 100;
  private static final Duration ROLLING_PAUSE = Duration.ofSeconds(10);
  /** Membership settles within seconds of a node's start; a node still alone after this formed its own cluster. */
  private static final Duration ONE_CLUSTER_TIMEOUT = Duration.ofSeconds(60);

  /**
   * @param probeConcurrency requests the availability probe has in flight at once after the kill
   * @param cpuEvents events per node of each CPU round
   * @param cpuRate events per second per node of the CPU rounds, 0 for flat out: on a machine that the nodes,
   *     Cassandra and the client share, flat out puts all of them in a queue for the cores, and every thread switch
   *     that queue adds is charged to the events
   * @param measureCpu run the 1-, 2- and 3-node CPU measurement
   * @param shardAware the CPU measurement's client sends each request to the node holding its users (GET
   *     /v1/routing), instead of to all nodes in turn
   * @param rollingRestart after the kill, restart every node in turn gracefully under load and check again
   * @param killedNode the node killed with kill -9 (1-3); node 1 is the first seed, which must join the running
   *     cluster again when it comes back instead of forming its own
   */
  public record Settings(int events, int users, int batchSize, int concurrency, int probeConcurrency,
      int socketsPerNode, int cpuEvents, double cpuRate, boolean measureCpu, boolean shardAware,
      boolean rollingRestart, int killedNode) {}

  private final LocalCluster cluster;
  private final Settings settings;
  private final EventLoad load = new EventLoad();
  private final CpuPerEvent cpu;

  public KillTest(LocalCluster cluster, Settings settings) {
    this.cluster = cluster;
    this.settings = settings;
    this.cpu = new CpuPerEvent(cluster, settings, this::batches);
  }

  /** A behaviour log with co-visited item groups, so that events lead to pushes. */
  public static void writeSeedLog(Path file) throws java.io.IOException {
    List<String> lines = new ArrayList<>();
    for (int u = 0; u < 200; u++) {
      int group = u % (ITEMS / 6);
      StringBuilder line = new StringBuilder("seed" + u);
      for (int k = 0; k < 6; k++) line.append(" item-").append(group * 6 + (u + k) % 6);
      lines.add(line.toString());
    }
    Files.write(file, lines);
  }

  public boolean run() throws Exception {
    Duration startTimeout = Duration.ofMinutes(4);
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    List<FollowingSocket> sockets = new ArrayList<>();
    try {
      cluster.start(1);
      cluster.awaitReady(1, startTimeout);
      putItems(1);
      startAndAwait(List.of(2, 3), startTimeout);
      if (settings.measureCpu()) measureCpuFromThreeNodesToOne(startTimeout);
      // The kill should take the killed node's full third of the users, not a share still on its way to it.
      report(cluster.awaitEvenShards(ALL.size()));

      List<String> users = new ArrayList<>();
      for (int u = 0; u < settings.users(); u++) users.add("user-" + u);
      for (int node : ALL) {
        for (int s = 0; s < settings.socketsPerNode(); s++) {
          FollowingSocket socket = new FollowingSocket(users.get((node - 1) * settings.socketsPerNode() + s), ALL, node, scheduler);
          socket.connect();
          sockets.add(socket);
        }
      }
      List<List<EventLoad.Event>> batches = batches("main", users, settings.events());
      int half = batches.size() / 2;
      int threeQuarters = batches.size() * 3 / 4;
      long started = System.nanoTime();
      load.run(batches.subList(0, half), ALL, settings.concurrency(), 0);

      int killed = settings.killedNode();
      List<Integer> survivors = ALL.stream().filter(node -> node != killed).toList();
      long killedAt = System.nanoTime();
      report("kill -9 node " + killed + " at " + java.time.LocalTime.now() + " (to match with the node logs)");
      cluster.kill9(killed);
      ExecutorService background = Executors.newSingleThreadExecutor();
      var outageLoad = background.submit(() -> {
        load.run(batches.subList(half, threeQuarters), ALL, settings.concurrency(), 0);
        return null;
      });
      Availability availability = awaitAllServed(users, survivors, killedAt, Duration.ofSeconds(60));
      cluster.start(killed);
      cluster.awaitReady(killed, startTimeout);
      long backAt = System.nanoTime();
      boolean oneClusterAfterKill = reportOneCluster("node " + killed + " restarted");
      outageLoad.get();
      background.shutdown();
      // The last quarter at a steady pace, so it runs while shards move back to the restarted node.
      load.run(batches.subList(threeQuarters, batches.size()), ALL, settings.concurrency(), 100);
      double loadSeconds = (System.nanoTime() - started) / 1e9;
      Thread.sleep(7_000); // one subscription renewal, so every socket has caught up with its user

      report(String.format(Locale.ROOT, "events: %d sent for %d users in %d requests of %d, %.1f s; acknowledged %d",
          settings.events(), users.size(), batches.size(), settings.batchSize(), loadSeconds, load.acknowledgedEvents.get()));
      boolean countsOk = checkCounts(load, users);
      report(String.format(Locale.ROOT,
          "kill -9 node %d after %d events: all %d users served again after %.1f s (users served within 1, 2, 3,"
              + " ... s: %s; probe of %d at once: %d requests, %d x 503, %d x other 5xx, %d timed out or refused);"
              + " node %d ready again %.1f s after the kill",
          killed, half * settings.batchSize(), users.size(), availability.seconds, availability.servedBy,
          availability.concurrency, availability.requests, availability.status503,
          availability.otherStatus5xx, availability.failed, killed, (backAt - killedAt) / 1e9));
      boolean socketsOk = reportSockets(sockets, users);
      boolean killOk = countsOk && availability.otherStatus5xx == 0 && availability.seconds >= 0 && socketsOk
          && oneClusterAfterKill;
      return (settings.rollingRestart() ? rollingRestart(startTimeout) : true) && killOk;
    } finally {
      sockets.forEach(FollowingSocket::close);
      scheduler.shutdownNow();
    }
  }

  /**
   * The control for the CPU phase: the three nodes started as three one-node clusters, each with its own keyspaces,
   * and measured like the three-node cluster (the same users, rate and requests through all three). What the cluster
   * costs per event is the difference; what is left is the cost of three JVMs and their load sharing two cores.
   *
   * @param keyspace the test's keyspace; node n uses it with the suffix {@code _n}
   */
  public void measureUnclusteredNodes(String keyspace) throws Exception {
    Duration startTimeout = Duration.ofMinutes(4);
    for (int node : ALL) {
      String self = "pekko://pushrec@127.0.0.1:" + LocalCluster.remotingPort(node);
      cluster.environment(node, Map.of("PUSHREC_SEED_NODE_1", self, "PUSHREC_SEED_NODE_2", self,
          "PUSHREC_KEYSPACE", keyspace + "_" + node, "PUSHREC_SNAPSHOT_KEYSPACE", keyspace + "_" + node + "_snapshot"));
      cluster.start(node);
      cluster.awaitReady(node, startTimeout);
      putItems(node);
    }
    cpu.measureUnclustered(ALL);
  }

  static void report(String line) {
    System.out.println("  " + line);
  }

  /**
   * Restarts the three nodes one after another, each stopped with SIGTERM (coordinated shutdown: it hands its shards
   * off and leaves the cluster) and started again, while events for users of their own keep flowing at a steady pace
   * through all nodes, retried like the kill phase's. Then the same exactly-once check per user.
   */
  private boolean rollingRestart(Duration startTimeout) throws Exception {
    List<String> users = new ArrayList<>();
    for (int u = 0; u < settings.users(); u++) users.add("rolling-" + u);
    EventLoad rolling = new EventLoad();
    AtomicBoolean restarting = new AtomicBoolean(true);
    ExecutorService background = Executors.newSingleThreadExecutor();
    long started = System.nanoTime();
    Future<Integer> sent = background.submit(() -> {
      int events = 0;
      // In rounds of one event per user, so the load lasts exactly as long as the restarts.
      for (int round = 0; restarting.get(); round++) {
        rolling.run(batches("rolling" + round, users, users.size()), ALL, settings.concurrency(), ROLLING_EVENTS_PER_SECOND);
        events += users.size();
      }
      return events;
    });
    StringBuilder perNode = new StringBuilder();
    boolean allExited = true;
    boolean oneCluster = true;
    try {
      for (int node : ALL) {
        Thread.sleep(ROLLING_PAUSE.toMillis()); // all three nodes serve a while between two restarts
        long stopping = System.nanoTime();
        boolean exited = cluster.stopGracefully(node, Duration.ofSeconds(60));
        allExited &= exited;
        long stopped = System.nanoTime();
        cluster.start(node);
        cluster.awaitReady(node, startTimeout);
        long ready = System.nanoTime();
        oneCluster &= reportOneCluster("rolling restart, node " + node + " back");
        perNode.append(String.format(Locale.ROOT, " node%d %s %.1f s after SIGTERM, ready %.1f s after its start;",
            node, exited ? "exited" : "killed (did not exit)", (stopped - stopping) / 1e9, (ready - stopped) / 1e9));
        System.err.println("rolling restart: node " + node + " is back");
      }
      Thread.sleep(ROLLING_PAUSE.toMillis());
    } finally {
      restarting.set(false);
    }
    int events = sent.get();
    background.shutdown();
    report(String.format(Locale.ROOT, "rolling restart:%s %d events for %d users in %.1f s at %.0f events/s;"
            + " acknowledged %d", perNode, events, users.size(), (System.nanoTime() - started) / 1e9,
        ROLLING_EVENTS_PER_SECOND, rolling.acknowledgedEvents.get()));
    return checkCounts(rolling, users) && allExited && oneCluster;
  }

  /** Whether all three nodes list the same three members within a minute; says which node saw what if not. */
  private boolean reportOneCluster(String when) throws InterruptedException {
    Optional<String> split = cluster.awaitOneCluster(ALL, ONE_CLUSTER_TIMEOUT);
    report(when + ": " + split.map(listed -> "NOT one cluster, members each node lists: " + listed)
        .orElse("nodes 1-3 are one cluster"));
    return split.isEmpty();
  }

  /** Compares every user's count with what the load acknowledged and prints it with the answers the load got. */
  private boolean checkCounts(EventLoad tally, List<String> users) throws Exception {
    Counts counts = compareCounts(tally, users);
    report(String.format(Locale.ROOT, "lost: %d   double-counted: %d   (users checked: %d, mismatched: %d)",
        counts.lost, counts.doubled, users.size(), counts.mismatchedUsers));
    report(String.format(Locale.ROOT,
        "answers: %d requests acknowledged, %d x 503 (retried), %d x other 5xx, %d x 4xx, %d connection failures"
            + " (retried), %d given up; duplicates reported on retries: %d",
        tally.requestsOk.get(), tally.status503.get(), tally.otherStatus5xx.get(), tally.status4xx.get(),
        tally.connectionFailures.get(), tally.gaveUp.get(), tally.duplicatesReported.get()));
    return counts.lost == 0 && counts.doubled == 0 && tally.otherStatus5xx.get() == 0 && tally.gaveUp.get() == 0;
  }

  /** Gives the catalogue its items, so pushes carry titles. The first writes to a fresh keyspace can be slow. */
  private void putItems(int node) throws Exception {
    for (int i = 0; i < ITEMS; i++) {
      HttpRequest put = HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + LocalCluster.httpPort(node) + "/v1/items/item-" + i))
          .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
          .PUT(HttpRequest.BodyPublishers.ofString(
              "{\"title\":\"Item " + i + "\",\"category\":\"group-" + i / 6 + "\",\"brand\":\"Acme\",\"price\":9.5}"))
          .build();
      for (int attempt = 1; ; attempt++) {
        HttpResponse<String> r = LocalCluster.HTTP.send(put, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) break;
        if (r.statusCode() != 503 || attempt == 10) {
          throw new IllegalStateException("PUT item-" + i + ": " + r.statusCode() + " " + r.body());
        }
      }
    }
  }

  private List<List<EventLoad.Event>> batches(String prefix, List<String> users, int events) {
    List<List<EventLoad.Event>> batches = new ArrayList<>();
    List<EventLoad.Event> batch = new ArrayList<>();
    for (int i = 0; i < events; i++) {
      String user = users.get(i % users.size());
      int round = i / users.size();
      int group = Math.floorMod(user.hashCode(), ITEMS / 6);
      String item = "item-" + (group * 6 + (round * 5 + i) % 6);
      batch.add(new EventLoad.Event(prefix + "-" + i, user, TYPES[i % TYPES.length], item));
      if (batch.size() == settings.batchSize()) {
        batches.add(batch);
        batch = new ArrayList<>();
      }
    }
    if (!batch.isEmpty()) batches.add(batch);
    return batches;
  }

  /**
   * CPU per event with three nodes, then two, then one. Every node is warmed in the three-node cluster, so the
   * smaller clusters are measured on nodes at least as warm as the larger one's; measured the other way round, each
   * node that joined would be measured while it still compiled its hot code (docs/cluster.md, CPU per event). Nodes
   * 3 and 2 leave gracefully between the phases and start again after them.
   */
  private void measureCpuFromThreeNodesToOne(Duration startTimeout) throws Exception {
    for (int nodes = ALL.size(); nodes >= 1; nodes--) {
      if (nodes < ALL.size()) cluster.stopGracefully(nodes + 1, Duration.ofSeconds(60));
      cpu.measure(ALL.subList(0, nodes));
    }
    startAndAwait(List.of(2, 3), startTimeout);
  }

  private void startAndAwait(List<Integer> nodes, Duration startTimeout) throws Exception {
    for (int node : nodes) cluster.start(node);
    for (int node : nodes) cluster.awaitReady(node, startTimeout);
  }

  /**
   * @param concurrency the probe's requests in flight at once
   * @param servedBy how many users had answered within 1, 2, 3, ... s of the kill
   */
  private record Availability(double seconds, int concurrency, long requests, long status503, long otherStatus5xx,
      long failed, List<Integer> servedBy) {}

  /**
   * Asks for every user through the surviving nodes until each has answered once, as clients that retry would: a
   * user counts as served again at its first successful answer, and the time of the last such answer is when all of
   * the killed node's users were served again. {@link Settings#probeConcurrency} requests at once, each pending user
   * asked again as soon as its previous request failed or timed out: a request that went to the dead node before the
   * cluster noticed is lost, and the node's short read timeout keeps such a request from hiding a recovered user for
   * long. While the dead node's users wait for their shards, each of their requests holds a probe thread for the
   * whole read timeout, so a bounded probe also measures its own throughput; one thread per user (a probe
   * concurrency of at least the number of users) behaves like that many browsers instead.
   */
  private Availability awaitAllServed(List<String> users, List<Integer> nodes, long since, Duration limit)
      throws InterruptedException {
    Set<String> pending = ConcurrentHashMap.newKeySet();
    pending.addAll(users);
    Queue<String> next = new ConcurrentLinkedQueue<>(users);
    List<Long> servedAt = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicLong lastServed = new AtomicLong(since);
    AtomicLong requests = new AtomicLong();
    AtomicLong status503 = new AtomicLong();
    AtomicLong other5xx = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long deadline = since + limit.toNanos();
    int concurrency = Math.min(settings.probeConcurrency(), users.size());
    ExecutorService probes = Executors.newFixedThreadPool(concurrency);
    for (int w = 0; w < concurrency; w++) {
      probes.execute(() -> {
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
          String user = next.poll();
          if (user == null) {
            sleep(Duration.ofMillis(10)); // the last few users are being asked by other probes
            continue;
          }
          int node = nodes.get((int) (requests.incrementAndGet() % nodes.size()));
          try {
            HttpResponse<Void> r = LocalCluster.HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + LocalCluster.httpPort(node) + "/v1/users/" + user))
                .timeout(PROBE_TIMEOUT).build(), HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() == 200) {
              long now = System.nanoTime();
              pending.remove(user);
              servedAt.add(now);
              lastServed.accumulateAndGet(now, Math::max);
              continue;
            }
            (r.statusCode() == 503 ? status503 : other5xx).incrementAndGet();
          } catch (java.io.IOException timedOutOrRefused) {
            failed.incrementAndGet();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
          next.add(user);
          sleep(PROBE_RETRY_PAUSE);
        }
      });
    }
    probes.shutdown();
    probes.awaitTermination(limit.toMillis() + PROBE_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
    double seconds = pending.isEmpty() ? (lastServed.get() - since) / 1e9 : -1;
    List<Integer> servedBy = new ArrayList<>();
    for (int limitSeconds = 1; limitSeconds < seconds + 1; limitSeconds++) {
      long cutoff = since + limitSeconds * 1_000_000_000L;
      servedBy.add((int) servedAt.stream().filter(t -> t <= cutoff).count());
    }
    return new Availability(seconds, concurrency, requests.get(), status503.get(), other5xx.get(), failed.get(),
        servedBy);
  }

  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private record Counts(long lost, long doubled, int mismatchedUsers) {}

  private Counts compareCounts(EventLoad tally, List<String> users) throws Exception {
    long lost = 0;
    long doubled = 0;
    int mismatched = 0;
    int k = 0;
    for (String user : users) {
      JsonNode summary = summary(user, ALL.get(k++ % ALL.size()));
      long counted = summary.get("eventCount").asLong();
      long acked = tally.acknowledgedFor(user);
      long maybe = tally.unacknowledgedFor(user);
      if (counted < acked) lost += acked - counted;
      if (counted > acked + maybe) doubled += counted - acked - maybe;
      if (counted < acked || counted > acked + maybe) {
        mismatched++;
        System.err.println(user + ": counted " + counted + ", acknowledged " + acked + " (+" + maybe + " unacknowledged)");
      }
    }
    return new Counts(lost, doubled, mismatched);
  }

  private static JsonNode summary(String user, int node) throws Exception {
    for (int attempt = 0; ; attempt++) {
      try {
        HttpResponse<String> r = LocalCluster.HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + LocalCluster.httpPort(node) + "/v1/users/" + user))
            .timeout(Duration.ofSeconds(8)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) return JSON.readTree(r.body());
        if (attempt == 10) throw new IllegalStateException("GET /v1/users/" + user + ": " + r.statusCode() + " " + r.body());
      } catch (java.io.IOException e) {
        if (attempt == 10) throw e;
      }
      Thread.sleep(500);
    }
  }

  private boolean reportSockets(List<FollowingSocket> sockets, List<String> users) throws Exception {
    List<FollowingSocket> onKilled = sockets.stream().filter(s -> s.droppedAt != 0).toList();
    long reconnected = onKilled.stream().filter(s -> s.reopenedAt != 0).count();
    double maxReconnect = onKilled.stream().filter(s -> s.reopenedAt != 0)
        .mapToDouble(s -> (s.reopenedAt - s.droppedAt) / 1e9).max().orElse(0);
    int upToDate = 0;
    int open = 0;
    int withPushes = 0;
    for (FollowingSocket s : sockets) {
      if (s.isOpen()) open++;
      if (s.pushes.get() > 0) withPushes++;
      if (summary(s.userId, 1).get("lastPushId").asText().equals(s.lastPushId)) upToDate++;
    }
    report(String.format(Locale.ROOT,
        "WebSockets: %d open on 3 nodes; %d dropped by the kill, %d reconnected (slowest %.1f s after the drop); "
            + "%d/%d hold their user's latest push at the end; %d received pushes",
        sockets.size(), onKilled.size(), reconnected, maxReconnect, upToDate, sockets.size(), withPushes));
    return onKilled.size() == settings.socketsPerNode() && reconnected == onKilled.size() && open == sockets.size()
        && upToDate == sockets.size();
  }
}
