package io.pushrec.core;

import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Leave-one-out evaluation of a {@link SequenceScorer}. Users are scored in parallel, in fixed chunks whose
 * partial sums are merged in chunk order, so results are identical for any number of threads. The scorer
 * is called from several threads at once and must be safe for that, as it is in the live node.
 */
public final class OfflineEvaluator {
  public enum Protocol {
    /** The target against 100 items the user never touched (SASRec paper). */
    SAMPLED100,
    /** The target against every item outside the user's history. */
    FULL
  }

  public enum Target { VALIDATION, TEST }

  /** Told after each chunk of users; may be called from any worker thread. */
  public interface Progress {
    Progress NONE = (done, total) -> {};

    void usersDone(int done, int total);
  }

  public static final long DEFAULT_SEED = 42;
  public static final int SAMPLED_NEGATIVES = 100;
  public static final int COVERAGE_K = 10;
  private static final int CHUNK = 128;

  private final LeaveOneOutSplit split;
  private final Protocol protocol;
  private final NegativeSampler sampler;
  private final int threads;

  public OfflineEvaluator(LeaveOneOutSplit split, Protocol protocol, long seed, int threads) {
    this.split = split;
    this.protocol = protocol;
    this.sampler = new NegativeSampler(split.data(), seed, SAMPLED_NEGATIVES);
    this.threads = Math.max(1, threads);
  }

  /** Every user with a validation and a test target, in log order. */
  public int[] evaluatedUsers() {
    return java.util.stream.IntStream.range(0, split.data().numUsers()).filter(split::isEvaluated).toArray();
  }

  public EvaluationResult evaluate(SequenceScorer scorer, Target target, Progress progress) {
    return evaluate(scorer, target, evaluatedUsers(), progress);
  }

  public EvaluationResult evaluate(SequenceScorer scorer, Target target, int[] users, Progress progress) {
    if (scorer.numItems() != split.data().numItems()) {
      throw new IllegalArgumentException("scorer knows " + scorer.numItems() + " items, the log has "
          + split.data().numItems());
    }
    long start = System.nanoTime();
    AtomicInteger done = new AtomicInteger();
    List<Partial> partials = ParallelChunks.map(users.length, CHUNK, threads, (from, to) -> {
      Partial p = evaluateChunk(scorer, target, users, from, to);
      progress.usersDone(done.addAndGet(to - from), users.length);
      return p;
    });
    MetricSums sums = new MetricSums();
    BitSet recommended = new BitSet(split.data().numItems());
    for (Partial p : partials) {
      sums.addAll(p.sums);
      recommended.or(p.recommended);
    }
    double coverage = split.data().numItems() == 0 ? 0 : recommended.cardinality() / (double) split.data().numItems();
    return new EvaluationResult(sums, coverage, (System.nanoTime() - start) / 1e9);
  }

  private record Partial(MetricSums sums, BitSet recommended) {}

  private Partial evaluateChunk(SequenceScorer scorer, Target target, int[] users, int from, int to) {
    int n = split.data().numItems();
    float[] scores = new float[n];
    boolean[] inHistory = new boolean[n];
    boolean[] touched = new boolean[n];
    MetricSums sums = new MetricSums();
    BitSet recommended = new BitSet(n);
    for (int i = from; i < to; i++) {
      int u = users[i];
      int[] history = target == Target.TEST ? split.testHistory(u) : split.validationHistory(u);
      int item = target == Target.TEST ? split.testTarget(u) : split.validationTarget(u);
      scorer.scoreAll(history, scores);
      for (int h : history) inHistory[h] = true;
      // Coverage is about the list a user would be shown, so it is the top 10 of the whole catalogue under both protocols.
      for (int r : RankingMetrics.topK(scores, COVERAGE_K, inHistory)) recommended.set(r);
      inHistory[item] = false;
      int rank = protocol == Protocol.FULL
          ? RankingMetrics.fullRank(scores, item, inHistory)
          : RankingMetrics.sampledRank(scores, item, sampler.sample(u, touched));
      sums.add(rank);
      for (int h : history) inHistory[h] = false;
    }
    return new Partial(sums, recommended);
  }
}
