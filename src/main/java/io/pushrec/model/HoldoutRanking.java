package io.pushrec.model;

import io.pushrec.core.LeaveOneOutSplit;
import io.pushrec.core.SequenceScorer;
import java.util.SplittableRandom;

/**
 * HR@10 and NDCG@10 of a scorer on the leave-one-out targets, under the two protocols: {@code FULL}
 * ranks the target against every item not in the history, {@code SAMPLED100} against 100 items the user never
 * touched, drawn with a fixed seed. Used for early stopping on validation and for the model's own report.
 */
public final class HoldoutRanking {
  public enum Protocol { FULL, SAMPLED100 }

  public enum Target { VALIDATION, TEST }

  public record Result(int users, double hitRate10, double ndcg10) {}

  private HoldoutRanking() {}

  public static Result evaluate(SequenceScorer scorer, LeaveOneOutSplit split, int[] users, Target target,
      Protocol protocol, long seed) {
    int n = scorer.numItems();
    float[] scores = new float[n];
    int[] seenAt = new int[n];
    double hits = 0;
    double ndcg = 0;
    int evaluated = 0;
    for (int u : users) {
      if (!split.isEvaluated(u)) continue;
      int[] history = target == Target.TEST ? split.testHistory(u) : split.validationHistory(u);
      int answer = target == Target.TEST ? split.testTarget(u) : split.validationTarget(u);
      scorer.scoreAll(history, scores);
      int stamp = evaluated + 1;
      int rank = protocol == Protocol.FULL
          ? fullRank(scores, history, answer, seenAt, stamp)
          : sampledRank(scores, split.data().sequence(u), answer, seenAt, stamp, new SplittableRandom(seed * 1_000_003L + u));
      evaluated++;
      if (rank < 10) {
        hits++;
        ndcg += 1 / (Math.log(rank + 2) / Math.log(2));
      }
    }
    return new Result(evaluated, evaluated == 0 ? 0 : hits / evaluated, evaluated == 0 ? 0 : ndcg / evaluated);
  }

  /** Items scoring strictly above the target, history excluded; ties go to the target. */
  private static int fullRank(float[] scores, int[] history, int answer, int[] seenAt, int stamp) {
    for (int item : history) seenAt[item] = stamp;
    seenAt[answer] = 0;
    float s = scores[answer];
    int rank = 0;
    for (int i = 0; i < scores.length; i++) if (scores[i] > s && seenAt[i] != stamp) rank++;
    return rank;
  }

  private static int sampledRank(float[] scores, int[] whole, int answer, int[] seenAt, int stamp,
      SplittableRandom random) {
    int touched = 0;
    for (int item : whole) {
      if (seenAt[item] != stamp) touched++;
      seenAt[item] = stamp;
    }
    int available = scores.length - touched;
    int wanted = Math.min(100, available);
    float s = scores[answer];
    int rank = 0;
    for (int drawn = 0; drawn < wanted; ) {
      int item = random.nextInt(scores.length);
      if (seenAt[item] == stamp || seenAt[item] == -stamp) continue;
      seenAt[item] = -stamp;
      drawn++;
      if (scores[item] > s) rank++;
    }
    return rank;
  }
}
