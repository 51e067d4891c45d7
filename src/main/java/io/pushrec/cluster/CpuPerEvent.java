package io.pushrec.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The kill test's first phase: the CPU each node spends per event with the given nodes, measured on settled shards and
 * warmed nodes at a fixed rate, each node's JIT compiler counted apart (docs/cluster.md, CPU per event).
 */
final class CpuPerEvent {
  /** The kill test's requests: {@code events} events for {@code users} in batches, ids starting with the prefix. */
  @FunctionalInterface
  interface Batches {
    List<List<EventLoad.Event>> of(String prefix, List<String> users, int events);
  }

  private static final Duration IDLE_SAMPLE = Duration.ofSeconds(5);
  private static final int CPU_ROUNDS = 2;
  /**
   * Users per node: the rounds hold the load per node constant (users, events and rate all grow with the node
   * count), as a shop adds nodes for more shoppers. At one total rate instead, each of three nodes would serve a
   * third of what one node served, and the per-event cost would measure how much less each node batches and how
   * much more often its threads wake from idle, not what adding nodes costs.
   */
  private static final int USERS_PER_NODE = 200;
  /** Events per node of one warm-up chunk. */
  private static final int WARM_CHUNK_EVENTS = 1_000;
  /**
   * About 10 minutes at the rounds' rate. Three node JVMs compiling on two shared cores took more than 30 chunks to
   * get their compilers under the share below in every shard-aware run (11-21 % after 30), and the three-node rounds,
   * measured first, then ran on slower code than the lone node's rounds after them (docs/cluster.md).
   */
  private static final int WARM_MAX_CHUNKS = 60;
  private static final double WARM_COMPILER_SHARE = 0.10;

  private final LocalCluster cluster;
  private final KillTest.Settings settings;
  private final Batches batches;

  CpuPerEvent(LocalCluster cluster, KillTest.Settings settings, Batches batches) {
    this.cluster = cluster;
    this.settings = settings;
    this.batches = batches;
  }

  /** Measures the given running nodes and prints the figures. */
  void measure(List<Integer> nodes) throws Exception {
    KillTest.report(cluster.awaitEvenShards(nodes.size()));
    cpuPhase(nodes);
  }

  /** Measures nodes that are each a cluster of their own: the same load and machine, no cluster between them. */
  void measureUnclustered(List<Integer> nodes) throws Exception {
    cpuPhase(nodes);
  }

  /**
   * Measures the CPU the running nodes spend on events sent through all of them, after a warm-up, in two rounds one
   * after the other. Each node's CPU is read as a whole and without its JIT compiler threads: a node that just
   * joined compiles for minutes the code paths its traffic reaches (the cross-node ones above all), which is a cost
   * of its start that the rounds would otherwise charge to their events. Each node also spends CPU with no events at
   * all (gossip, heartbeats, the catalogue replica); that rate, compiler excluded, is sampled before and after the
   * rounds and reported, and taken off in the last figure, since a node pays it whether events come or not.
   */
  private void cpuPhase(List<Integer> nodes) throws Exception {
    int nodeCount = nodes.size();
    int events = settings.cpuEvents() * nodeCount;
    double rate = settings.cpuRate() * nodeCount;
    List<String> users = new ArrayList<>();
    for (int u = 0; u < USERS_PER_NODE * nodeCount; u++) users.add("cpu" + nodeCount + "-" + u);
    warmUp(nodes, users, rate);
    double[] idleBefore = idleRates(nodes);
    Reading before = reading(nodes);
    Usage[] rounds = new Usage[CPU_ROUNDS];
    double[] roundWall = new double[CPU_ROUNDS];
    for (int round = 0; round < CPU_ROUNDS; round++) {
      EventLoad measured = new EventLoad();
      long started = System.nanoTime();
      measured.runRequests(requests("cpu" + nodeCount + "r" + (round + 1), users, events, nodes), nodes,
          settings.concurrency(), rate);
      roundWall[round] = (System.nanoTime() - started) / 1e9;
      Reading after = reading(nodes);
      rounds[round] = after.since(before);
      before = after;
    }
    double[] idleAfter = idleRates(nodes);
    double perNodeEvents = settings.cpuEvents();
    for (int round = 0; round < CPU_ROUNDS; round++) {
      Usage used = rounds[round];
      double total = sum(used.total());
      double compiler = sum(used.compiler());
      double idle = (sum(idleBefore) + sum(idleAfter)) / 2 * roundWall[round];
      StringBuilder perNode = new StringBuilder();
      for (int i = 0; i < nodeCount; i++) {
        perNode.append(String.format(Locale.ROOT, " node%d %.1f s, compiler %.1f s (%.0f ev/cpu-s, %.0f without it)",
            nodes.get(i), used.total()[i], used.compiler()[i], perNodeEvents / used.total()[i],
            perNodeEvents / used.withoutCompiler(i)));
      }
      KillTest.report(String.format(Locale.ROOT,
          "CPU, %d node(s), round %d, %s: %d events in %.1f s (%.0f ev/s); events per CPU-second per node: %.0f as measured,"
              + " %.0f without the JIT compiler (%.1f of %.1f CPU-s), %.0f also net of idle use (%.2f CPU-s/s before"
              + " the rounds, %.2f after, compiler excluded); per node:%s",
          nodeCount, round + 1, settings.shardAware() ? "shard-aware client" : "requests to the nodes in turn", events,
          roundWall[round], events / roundWall[round], events / total,
          events / (total - compiler), compiler, total, events / (total - compiler - idle), sum(idleBefore),
          sum(idleAfter), perNode));
    }
  }

  /**
   * Sends events at the rounds' rate, in chunks, until the nodes' JIT compilers take less than
   * {@link #WARM_COMPILER_SHARE} of their CPU over a chunk (or {@link #WARM_MAX_CHUNKS} chunks have gone). Code still
   * interpreted or compiled by C1 costs several times what it will once C2 has it, so rounds on a node that is still
   * compiling would measure its start, not its events. At the rounds' rate, not flat out: flat out the compilers get
   * little of the cores, their share looks small while their queue grows, and they catch up in the rounds.
   */
  private void warmUp(List<Integer> nodes, List<String> users, double rate) throws Exception {
    long started = System.nanoTime();
    double share = 1;
    int chunk = 0;
    while (share >= WARM_COMPILER_SHARE && chunk < WARM_MAX_CHUNKS) {
      Reading before = reading(nodes);
      new EventLoad().runRequests(requests("warm" + nodes.size() + "c" + chunk++, users,
          WARM_CHUNK_EVENTS * nodes.size(), nodes), nodes, settings.concurrency(), rate);
      Usage used = reading(nodes).since(before);
      share = sum(used.compiler()) / sum(used.total());
    }
    KillTest.report(String.format(Locale.ROOT, "warm-up: %d x %d events in %.0f s; the compilers' share of the last:"
        + " %.0f %%", chunk, WARM_CHUNK_EVENTS * nodes.size(), (System.nanoTime() - started) / 1e9, share * 100));
  }

  /**
   * The load's requests: to all nodes in turn, or, for a shard-aware client, regrouped by the node holding their users
   * as the cluster reports it now (each round asks again, so a shard that moved since costs at most one round's hops).
   */
  private List<EventLoad.Request> requests(String prefix, List<String> users, int events, List<Integer> nodes)
      throws Exception {
    List<List<EventLoad.Event>> plain = batches.of(prefix, users, events);
    if (!settings.shardAware()) return EventLoad.inTurn(plain, nodes);
    return ShardTable.fetch(nodes.get(0)).route(plain, nodes, settings.batchSize());
  }

  /** Each node's CPU seconds so far, and its JIT compiler threads' ticks. */
  private record Reading(double[] total, List<Map<String, Long>> compilerTicks) {
    Usage since(Reading earlier) {
      double[] t = new double[total.length];
      double[] c = new double[total.length];
      for (int i = 0; i < t.length; i++) {
        t[i] = total[i] - earlier.total[i];
        c[i] = LocalCluster.compilerCpuBetween(earlier.compilerTicks.get(i), compilerTicks.get(i)).toNanos() / 1e9;
      }
      return new Usage(t, c);
    }
  }

  /** Each node's CPU seconds between two readings, all threads and its JIT compiler threads. */
  private record Usage(double[] total, double[] compiler) {
    double withoutCompiler(int node) {
      return total[node] - compiler[node];
    }
  }

  private Reading reading(List<Integer> nodes) {
    double[] total = nodes.stream().mapToDouble(n -> cluster.cpuTime(n).toNanos() / 1e9).toArray();
    return new Reading(total, nodes.stream().map(cluster::compilerThreadTicks).toList());
  }

  /** CPU seconds per second each node spends, compiler excluded, while no events arrive. */
  private double[] idleRates(List<Integer> nodes) throws InterruptedException {
    Reading start = reading(nodes);
    Thread.sleep(IDLE_SAMPLE.toMillis());
    Usage used = reading(nodes).since(start);
    double[] rates = new double[nodes.size()];
    for (int i = 0; i < rates.length; i++) rates[i] = used.withoutCompiler(i) / IDLE_SAMPLE.toSeconds();
    return rates;
  }

  private static double sum(double[] values) {
    double s = 0;
    for (double v : values) s += v;
    return s;
  }
}
