package io.pushrec.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Chooses fusion weights by validation NDCG@10 under both protocols the models are judged by: full ranking
 * (what a push shows: the top of the whole catalogue) and sampled-100 (how the target compares with items
 * the user never touched, mostly the long tail). The two pull apart: full ranking barely sees how the tail is
 * ordered, so a search on it alone drops the popularity prior that the sampled protocol rewards. The search
 * therefore maximises the sum of both NDCG@10s, each relative to the best that protocol reaches on its own,
 * so neither is given up for a small gain in the other.
 *
 * <p>Scoring the whole catalogue again for every weight vector would be too slow, so each user's items are
 * scored once. For full ranking only the candidates that can reach the top matter: the union of every
 * component's top {@value #SHORTLIST}. An item outside all shortlists scores at most {@code Σ w_c · kth_c};
 * while the target scores above that bound its rank among the shortlist is exact, otherwise it is counted
 * as a miss. For sampled ranking the user's 100 sampled items are kept.
 */
public final class FusionTuner {
  static final int SHORTLIST = 100;
  /** Weight grid; only ratios matter, so values span two orders of magnitude with 0 to drop a component. */
  static final float[] WEIGHTS = {0f, 0.01f, 0.02f, 0.05f, 0.1f, 0.2f, 0.3f, 0.5f, 0.7f, 1f};
  private static final int ROUNDS = 4;
  private static final int K = 10;

  private FusionTuner() {}

  /**
   * Per user: target's normalised scores, the bound, the shortlist's scores and the sampled items' scores, all
   * flattened by component.
   */
  private record UserCandidates(float[] target, float[] bound, float[] candidates, float[] sampled) {}

  /** The weights that maximise the sum of both protocols' validation NDCG@10 relative to their best, summing to 1. */
  public static float[] tune(List<? extends SequenceScorer> components, ValidationObjective objective,
      Consumer<String> log) {
    int c = components.size();
    List<UserCandidates> users = shortlists(components, objective);
    double fullBest = search(c, w -> ndcg10(users, w, c)).objective();
    double sampledBest = search(c, w -> sampledNdcg10(users, w, c)).objective();
    CoordinateSearch.Result best = search(c,
        w -> ndcg10(users, w, c) / fullBest + sampledNdcg10(users, w, c) / sampledBest);
    float[] weights = weightsOf(best.best());
    float sum = 0;
    for (float w : weights) sum += w;
    for (int i = 0; i < c; i++) weights[i] = sum == 0 ? 1f / c : weights[i] / sum;
    log.accept(String.format("  fusion weights %s on %d validation users: NDCG@10 full %.4f (best alone %.4f), "
        + "sampled-100 %.4f (best alone %.4f)", Arrays.toString(weights), users.size(), ndcg10(users, weights, c),
        fullBest, sampledNdcg10(users, weights, c), sampledBest));
    return weights;
  }

  /** Coordinate search over the weight grid from several starts: all components, and each one alone. */
  private static CoordinateSearch.Result search(int c, java.util.function.ToDoubleFunction<float[]> objective) {
    int top = WEIGHTS.length - 1;
    List<int[]> starts = new ArrayList<>();
    int[] all = new int[c];
    Arrays.fill(all, top);
    starts.add(all);
    for (int i = 0; i < c; i++) {
      int[] only = new int[c];
      only[i] = top;
      starts.add(only);
    }
    int[] sizes = new int[c];
    Arrays.fill(sizes, WEIGHTS.length);
    CoordinateSearch.Result best = null;
    for (int[] start : starts) {
      CoordinateSearch.Result r = CoordinateSearch.maximise(sizes, start, ROUNDS, w -> objective.applyAsDouble(weightsOf(w)));
      if (best == null || r.objective() > best.objective() + 1e-9) best = r;
    }
    return best;
  }

  private static float[] weightsOf(int[] indices) {
    float[] w = new float[indices.length];
    for (int i = 0; i < w.length; i++) w[i] = WEIGHTS[indices[i]];
    return w;
  }

  static double ndcg10(List<UserCandidates> users, float[] w, int c) {
    double sum = 0;
    for (UserCandidates u : users) {
      float target = dot(w, u.target, 0, c);
      if (!(target > dot(w, u.bound, 0, c))) continue;
      int rank = 0;
      for (int off = 0; off < u.candidates.length && rank < K; off += c) {
        if (dot(w, u.candidates, off, c) >= target) rank++;
      }
      sum += RankingMetrics.ndcg(rank, K);
    }
    return users.isEmpty() ? 0 : sum / users.size();
  }

  /** Mean NDCG@10 of the targets against their sampled items; ties count against the target, as in the evaluator. */
  static double sampledNdcg10(List<UserCandidates> users, float[] w, int c) {
    double sum = 0;
    for (UserCandidates u : users) {
      float target = dot(w, u.target, 0, c);
      int rank = 0;
      for (int off = 0; off < u.sampled.length && rank < K; off += c) {
        if (dot(w, u.sampled, off, c) >= target) rank++;
      }
      sum += RankingMetrics.ndcg(rank, K);
    }
    return users.isEmpty() ? 0 : sum / users.size();
  }

  private static float dot(float[] w, float[] x, int offset, int c) {
    float s = 0;
    for (int i = 0; i < c; i++) s += w[i] * x[offset + i];
    return s;
  }

  private static List<UserCandidates> shortlists(List<? extends SequenceScorer> components, ValidationObjective objective) {
    LeaveOneOutSplit split = objective.split();
    int n = split.data().numItems();
    int c = components.size();
    int[] users = objective.users();
    List<List<UserCandidates>> chunks = ParallelChunks.map(users.length, 256, objective.threads(), (from, to) -> {
      float[][] scores = new float[c][n];
      boolean[] excluded = new boolean[n];
      boolean[] listed = new boolean[n];
      boolean[] touched = new boolean[n];
      List<UserCandidates> out = new ArrayList<>(to - from);
      for (int i = from; i < to; i++) {
        int u = users[i];
        int[] history = split.validationHistory(u);
        int target = split.validationTarget(u);
        for (int k = 0; k < c; k++) {
          components.get(k).scoreAll(history, scores[k]);
          FusionScorer.normaliseMinMax(scores[k], n);
        }
        for (int h : history) excluded[h] = true;
        excluded[target] = true;
        float[] bound = new float[c];
        int[] shortlist = new int[c * SHORTLIST];
        int size = 0;
        for (int k = 0; k < c; k++) {
          int[] best = RankingMetrics.topK(scores[k], SHORTLIST, excluded);
          // Scaled scores are never negative, so -1 is "no item left outside this shortlist".
          bound[k] = best.length < SHORTLIST ? -1f : scores[k][best[best.length - 1]];
          for (int item : best) {
            if (!listed[item]) {
              listed[item] = true;
              shortlist[size++] = item;
            }
          }
        }
        float[] targetScores = new float[c];
        float[] candidates = new float[size * c];
        for (int k = 0; k < c; k++) {
          targetScores[k] = scores[k][target];
          for (int j = 0; j < size; j++) candidates[j * c + k] = scores[k][shortlist[j]];
        }
        int[] negatives = objective.sampledNegatives(u, touched);
        float[] sampled = new float[negatives.length * c];
        for (int k = 0; k < c; k++) {
          for (int j = 0; j < negatives.length; j++) sampled[j * c + k] = scores[k][negatives[j]];
        }
        for (int j = 0; j < size; j++) listed[shortlist[j]] = false;
        for (int h : history) excluded[h] = false;
        excluded[target] = false;
        out.add(new UserCandidates(targetScores, bound, candidates, sampled));
      }
      return out;
    });
    List<UserCandidates> all = new ArrayList<>(users.length);
    chunks.forEach(all::addAll);
    return all;
  }
}
