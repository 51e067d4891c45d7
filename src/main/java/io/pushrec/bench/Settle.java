package io.pushrec.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Loads a node in short runs until its JIT compiler is quiet, so that what is measured next is a settled node. On
 * two cores shared with Cassandra and the load generator a node takes 6-9 minutes at 1,000 events/s to get there,
 * and its latency falls several times meanwhile (docs/benchmarks.md): runs taken before are not comparable.
 */
public final class Settle {
  /** One unreported run of the settling load. */
  public interface Round {
    Measurement run() throws Exception;
  }

  /** @param settled false when the limit came first, or the node does not report its compiler */
  public record Result(boolean settled, List<Measurement> rounds, Duration roundLength) {
    public String describe() {
      Duration spent = roundLength.multipliedBy(rounds.size());
      return settled
          ? String.format(Locale.ROOT, "settled: the node's JIT compiler was quiet after %d s of load", spent.toSeconds())
          : String.format(Locale.ROOT, "NOT settled after %d s of load: the node's JIT compiler was still busy "
              + "(or the node does not report jvm_jit_compilation_seconds_total); figures below are of a node still "
              + "compiling", spent.toSeconds());
    }
  }

  /** Compiler threads compiling at most this much of a round, summed: what a settled node showed (0.00-0.01). */
  static final double QUIET_JIT_THREADS = 0.05;

  private final Duration roundLength;
  private final Duration limit;
  private final Round round;
  private final Consumer<String> progress;

  public Settle(Duration roundLength, Duration limit, Round round, Consumer<String> progress) {
    this.roundLength = roundLength;
    this.limit = limit;
    this.round = round;
    this.progress = progress;
  }

  public Result run() throws Exception {
    List<Measurement> rounds = new ArrayList<>();
    long maxRounds = Math.max(1, limit.toNanos() / roundLength.toNanos());
    while (rounds.size() < maxRounds) {
      Measurement m = round.run();
      rounds.add(m);
      progress.accept(String.format(Locale.ROOT,
          "settling %3d s: %,.0f ack events/s, HTTP p99 %.1f ms, JIT compiling %.2f threads",
          roundLength.multipliedBy(rounds.size()).toSeconds(), m.acknowledgedPerSecond(), m.httpP99Millis(),
          m.nodeJitThreads()));
      if (Double.isNaN(m.nodeJitThreads())) return new Result(false, rounds, roundLength);
      if (m.nodeJitThreads() <= QUIET_JIT_THREADS) return new Result(true, rounds, roundLength);
    }
    return new Result(false, rounds, roundLength);
  }
}
