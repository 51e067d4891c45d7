package io.pushrec.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * pushrec nodes on this machine, each its own JVM started from the same jar with {@code cluster-config/nodeN.conf}:
 * what {@code pushrec cluster} and the kill test run. Loopback only; {@link #close()} stops every node it started.
 */
public final class LocalCluster implements AutoCloseable {
  private static final Duration EVEN_SHARDS_TIMEOUT = Duration.ofMinutes(3);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  /** Linux reports thread times in USER_HZ, 100 on every architecture Java runs on there. */
  private static final long CLOCK_TICKS_PER_SECOND = 100;

  /** Ports of nodeN.conf; the kill test and the docs rely on them. */
  public static int httpPort(int node) {
    return 8280 + node;
  }

  /** The node whose HTTP port this is; 0 if it is none of nodeN.conf's. */
  static int nodeOfHttpPort(int port) {
    int node = port - httpPort(0);
    return node >= 1 && node <= 9 ? node : 0;
  }

  public static int remotingPort(int node) {
    return 25720 + node;
  }

  private final Path configDir;
  private final Path logDir;
  private final Map<String, String> env;
  private final String heap;
  private final Map<Integer, Process> nodes = new TreeMap<>();
  private final Map<Integer, Map<String, String>> nodeEnv = new TreeMap<>();

  /** @param env extra environment of every node, e.g. its keyspaces (PUSHREC_KEYSPACE, ...) */
  public LocalCluster(Path configDir, Path logDir, Map<String, String> env, String heap) throws IOException {
    this.configDir = configDir;
    this.logDir = Files.createDirectories(logDir);
    this.env = env;
    this.heap = heap;
  }

  /** Environment for node {@code n} only, over the common one, from its next start on. */
  public synchronized void environment(int n, Map<String, String> env) {
    nodeEnv.put(n, Map.copyOf(env));
  }

  /** Starts node {@code n} (1-based) in a new JVM; its output goes to {@code logDir/nodeN.log}. */
  public synchronized void start(int n) throws IOException {
    Path config = configDir.resolve("node" + n + ".conf");
    if (!Files.isRegularFile(config)) throw new IOException("no node configuration " + config.toAbsolutePath());
    // Otherwise the new node fails to bind, and awaitReady would take the old one's answers for its own.
    if (isReady(n)) throw new IOException("a node already answers on port " + httpPort(n) + ": one left from an earlier run?");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        // Serial GC: a small heap on a small shared machine, where parallel GC threads would only compete.
        "-Xmx" + heap, "-XX:+UseSerialGC",
        // ONNX Runtime makes a directory in the temporary folder at each start and removes it at exit; the kill
        // test's kill -9 left one in /tmp per kill. In the log directory it goes with the run's logs.
        "-Djava.io.tmpdir=" + logDir.toAbsolutePath(),
        "-cp", System.getProperty("java.class.path"),
        "io.pushrec.cli.PushrecCli", "node", "--config", config.toString()));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logDir.resolve("node" + n + ".log").toFile()));
    pb.environment().putAll(env);
    pb.environment().putAll(nodeEnv.getOrDefault(n, Map.of()));
    nodes.put(n, pb.start());
  }

  /** Waits until node {@code n} answers 200 on /health/ready (catalogue rebuilt, cluster member Up). */
  public void awaitReady(int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!isReady(n)) {
      Process p = nodes.get(n);
      if (p == null || !p.isAlive()) throw new IllegalStateException("node " + n + " exited; see " + log(n));
      if (System.nanoTime() > deadline) throw new IllegalStateException("node " + n + " not ready; see " + log(n));
      Thread.sleep(250);
    }
  }

  public static boolean isReady(int n) {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort(n) + "/health/ready"))
          .timeout(Duration.ofSeconds(3)).build();
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** SIGKILL: no shutdown hook, no leaving the cluster; the others must notice on their own. */
  public synchronized void kill9(int n) throws InterruptedException {
    Process p = nodes.remove(n);
    p.destroyForcibly();
    p.waitFor(10, TimeUnit.SECONDS);
  }

  /**
   * SIGTERM: the node's shutdown hook runs coordinated shutdown (its shards are handed off, it leaves the cluster).
   *
   * @return whether it exited within {@code timeout}; if not, it is killed
   */
  public boolean stopGracefully(int n, Duration timeout) throws InterruptedException {
    Process p;
    synchronized (this) {
      p = nodes.remove(n);
    }
    p.destroy();
    if (p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) return true;
    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    return false;
  }

  /**
   * Waits until sharding has given each of {@code nodeCount} nodes an even share of the user shards (or the timeout
   * passed) and describes the share it ended with. After a node joins or leaves, sharding moves a tenth of the
   * shards every 10 s, and each moved user recovers from Cassandra on its next event: a measurement or a kill
   * meanwhile would be of the moves. At that pace a full rebalance of three nodes takes under two minutes, so
   * {@link #EVEN_SHARDS_TIMEOUT} leaves room for a busy machine.
   */
  public String awaitEvenShards(int nodeCount) throws InterruptedException {
    long started = System.nanoTime();
    long deadline = started + EVEN_SHARDS_TIMEOUT.toNanos();
    JsonNode byNode = JSON.createObjectNode();
    while (System.nanoTime() < deadline) {
      try {
        Optional<JsonNode> answer = getJson(1, "/v1/admin/shards");
        if (answer.isPresent()) {
          byNode = answer.get().path("users");
          int min = Integer.MAX_VALUE;
          int max = 0;
          for (JsonNode shards : byNode) {
            min = Math.min(min, shards.asInt());
            max = Math.max(max, shards.asInt());
          }
          if (byNode.isEmpty()) return "no user shards yet (no user has had an event): nothing to move";
          if (byNode.size() == nodeCount && max - min <= 1) {
            return String.format(java.util.Locale.ROOT, "user shards even over %d node(s) after %.1f s: %s",
                nodeCount, (System.nanoTime() - started) / 1e9, byNode);
          }
        }
      } catch (IOException e) {
        // a node still starting its HTTP side; ask again
      }
      Thread.sleep(1_000);
    }
    return "user shards still uneven after " + EVEN_SHARDS_TIMEOUT.toSeconds() + " s: " + byNode;
  }

  /**
   * Waits until each of {@code expected} lists exactly these nodes as its cluster's serving members (GET
   * /v1/routing). A restarted node that formed a cluster of its own lists only itself; two clusters on one journal
   * run the same users twice and overwrite each other's events.
   *
   * @return empty once they are one cluster, otherwise what each node listed when the time was up
   */
  public Optional<String> awaitOneCluster(List<Integer> expected, Duration timeout) throws InterruptedException {
    Set<String> urls = new TreeSet<>();
    for (int n : expected) urls.add("http://127.0.0.1:" + httpPort(n));
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<Integer, Set<String>> listed = new TreeMap<>();
    while (true) {
      for (int n : expected) listed.put(n, routingNodes(n));
      if (listed.values().stream().allMatch(urls::equals)) return Optional.empty();
      if (System.nanoTime() > deadline) return Optional.of(listed.toString());
      Thread.sleep(500);
    }
  }

  private static Set<String> routingNodes(int n) throws InterruptedException {
    Set<String> nodes = new TreeSet<>();
    try {
      getJson(n, "/v1/routing").ifPresent(routing -> routing.path("nodes").forEach(url -> nodes.add(url.asText())));
    } catch (IOException e) {
      // a node still starting its HTTP side lists nobody yet
    }
    return nodes;
  }

  /** GET {@code path} from node {@code n}: its JSON body if it answered 200, empty for any other status. */
  static Optional<JsonNode> getJson(int n, String path) throws IOException, InterruptedException {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort(n) + path))
        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
    return r.statusCode() == 200 ? Optional.of(JSON.readTree(r.body())) : Optional.empty();
  }

  /** CPU time the node's JVM has used so far (user + system). */
  public synchronized Duration cpuTime(int n) {
    return nodes.get(n).info().totalCpuDuration().orElseThrow(
        () -> new IllegalStateException("this OS does not report a process's CPU time"));
  }

  /**
   * CPU ticks of each of node {@code n}'s JIT compiler threads by thread id, from Linux's per-thread accounting (empty
   * elsewhere). A node's compiler works for minutes after a start on the Pekko, Netty, driver and Jackson code its
   * traffic reaches: a one-time cost of the start, not a cost of the events that happen to arrive meanwhile.
   */
  public synchronized Map<String, Long> compilerThreadTicks(int n) {
    Path tasks = Path.of("/proc", Long.toString(nodes.get(n).pid()), "task");
    Map<String, Long> ticks = new TreeMap<>();
    if (!Files.isDirectory(tasks)) return ticks;
    try (var threads = Files.list(tasks)) {
      for (Path thread : (Iterable<Path>) threads::iterator) {
        try {
          String name = Files.readString(thread.resolve("comm")).strip();
          if (!name.equals("C1 CompilerThre") && !name.equals("C2 CompilerThre")) continue;
          // Fields 14 and 15 of stat are user and system time; the name in field 2 may hold spaces, so count from ')'.
          String stat = Files.readString(thread.resolve("stat"));
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          ticks.put(thread.getFileName().toString(), Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
        } catch (IOException threadEnded) {
          // read at the moment the JVM retired an idle compiler thread
        }
      }
    } catch (IOException e) {
      return Map.of();
    }
    return ticks;
  }

  /**
   * Compiler CPU between two {@link #compilerThreadTicks} readings. The JVM retires idle compiler threads, and a
   * retired thread's time is gone from the second reading: that share is not counted, so this errs towards charging
   * compilation to the events.
   */
  public static Duration compilerCpuBetween(Map<String, Long> before, Map<String, Long> after) {
    long ticks = 0;
    for (Map.Entry<String, Long> thread : after.entrySet()) {
      ticks += Math.max(0, thread.getValue() - before.getOrDefault(thread.getKey(), 0L));
    }
    return Duration.ofMillis(ticks * 1000 / CLOCK_TICKS_PER_SECOND);
  }

  public Path log(int n) {
    return logDir.resolve("node" + n + ".log");
  }

  /** Blocks until any node exits; for the foreground `pushrec cluster`. */
  public void awaitAnyExit() throws InterruptedException {
    while (true) {
      synchronized (this) {
        for (Map.Entry<Integer, Process> e : nodes.entrySet()) {
          if (!e.getValue().isAlive()) {
            System.err.println("node " + e.getKey() + " exited with " + e.getValue().exitValue() + "; see " + log(e.getKey()));
            return;
          }
        }
      }
      Thread.sleep(500);
    }
  }

  /** SIGTERM to every node (they leave the cluster gracefully), SIGKILL to any still running after 20 s. */
  @Override
  public synchronized void close() {
    nodes.values().forEach(Process::destroy);
    for (Process p : nodes.values()) {
      try {
        if (!p.waitFor(20, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    nodes.clear();
  }
}
