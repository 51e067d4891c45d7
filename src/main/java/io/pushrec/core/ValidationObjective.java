package io.pushrec.core;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The validation side of tuning: a fixed random subset of users (so that a grid search stays affordable),
 * their validation targets, and for the sampled protocol each user's 100 never-touched items. Never looks
 * at a test target.
 */
public final class ValidationObjective {
  private static final int CHUNK = 256;
  private static final int K = 10;

  private final LeaveOneOutSplit split;
  private final int[] users;
  private final int threads;
  private final NegativeSampler sampler;

  public ValidationObjective(LeaveOneOutSplit split, int maxUsers, long seed, int threads) {
    this.split = split;
    this.users = sampleUsers(split, maxUsers, seed);
    this.threads = threads;
    // Not the evaluator's seed, so tuning never sees the negatives a test target is ranked against.
    this.sampler = new NegativeSampler(split.data(), ~seed, OfflineEvaluator.SAMPLED_NEGATIVES);
  }

  /**
   * The items a user's validation target is ranked against under the sampled protocol.
   *
   * @param touched scratch of size numItems, all false; returned all false
   */
  public int[] sampledNegatives(int user, boolean[] touched) {
    return sampler.sample(user, touched);
  }

  static int[] sampleUsers(LeaveOneOutSplit split, int maxUsers, long seed) {
    int[] all = IntStream.range(0, split.data().numUsers()).filter(split::isEvaluated).toArray();
    if (all.length <= maxUsers) return all;
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < maxUsers; i++) {
      int j = i + random.nextInt(all.length - i);
      int swap = all[i];
      all[i] = all[j];
      all[j] = swap;
    }
    int[] chosen = java.util.Arrays.copyOf(all, maxUsers);
    java.util.Arrays.sort(chosen);
    return chosen;
  }

  public LeaveOneOutSplit split() {
    return split;
  }

  public int[] users() {
    return users;
  }

  public int threads() {
    return threads;
  }

  /** Mean NDCG@10 of the validation targets under full ranking. */
  public double ndcg10(SequenceScorer scorer) {
    return meanNdcg10(scorer, (user, history, target, scores, inHistory) -> {
      for (int h : history) inHistory[h] = true;
      inHistory[target] = false;
      int rank = cappedRank(scores, target, inHistory);
      for (int h : history) inHistory[h] = false;
      return rank;
    });
  }

  /** Mean NDCG@10 of the validation targets against their sampled items (ties count against the target). */
  public double sampledNdcg10(SequenceScorer scorer) {
    return meanNdcg10(scorer, (user, history, target, scores, touched) ->
        RankingMetrics.sampledRank(scores, target, sampledNegatives(user, touched)));
  }

  /** A protocol: the target's rank given the user's scores; {@code scratch} is all false before and after. */
  private interface Ranking {
    int rank(int user, int[] history, int target, float[] scores, boolean[] scratch);
  }

  private double meanNdcg10(SequenceScorer scorer, Ranking ranking) {
    int n = split.data().numItems();
    List<double[]> sums = ParallelChunks.map(users.length, CHUNK, threads, (from, to) -> {
      float[] scores = new float[n];
      boolean[] scratch = new boolean[n];
      double sum = 0;
      for (int i = from; i < to; i++) {
        int u = users[i];
        int[] history = split.validationHistory(u);
        scorer.scoreAll(history, scores);
        sum += RankingMetrics.ndcg(ranking.rank(u, history, split.validationTarget(u), scores, scratch), K);
      }
      return new double[] {sum};
    });
    double total = 0;
    for (double[] s : sums) total += s[0];
    return users.length == 0 ? 0 : total / users.length;
  }

  /** The full rank when below K; some number of at least K otherwise, found without scanning every item. */
  private static int cappedRank(float[] scores, int target, boolean[] excluded) {
    float t = scores[target];
    if (Float.isNaN(t)) return K;
    int rank = 0;
    for (int i = 0; i < scores.length && rank < K; i++) {
      if (scores[i] >= t && i != target && !excluded[i]) rank++;
    }
    return rank;
  }
}
