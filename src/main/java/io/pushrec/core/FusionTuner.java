package io.pushrec.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Chooses fusion weights by validation NDCG@10 (full ranking, history excluded). Scoring the whole
 * catalogue again for every weight vector would be too slow, so each user's items are scored once and only
 * the candidates that can reach the top matter: the union of every component's top {@value #SHORTLIST}.
 * An item outside all shortlists scores at most {@code Σ w_c · kth_c}; while the target scores above that
 * bound its rank among the shortlist is exact, otherwise it is counted as a miss.
 */
public final class FusionTuner {
  static final int SHORTLIST = 100;
  /** Weight grid; only ratios matter, so values span two orders of magnitude with 0 to drop a component. */
  static final float[] WEIGHTS = {0f, 0.01f, 0.02f, 0.05f, 0.1f, 0.2f, 0.3f, 0.5f, 0.7f, 1f};
  private static final int ROUNDS = 4;
  private static final int K = 10;

  private FusionTuner() {}

  /** Per user: target's normalised scores, the bound, and the shortlist's scores, all flattened by component. */
  private record UserCandidates(float[] target, float[] bound, float[] candidates) {}

  /** The weights that maximise validation NDCG@10, summing to 1. */
  public static float[] tune(List<? extends SequenceScorer> components, ValidationObjective objective,
      Consumer<String> log) {
    int c = components.size();
    List<UserCandidates> users = shortlists(components, objective);
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
      CoordinateSearch.Result r = CoordinateSearch.maximise(sizes, start, ROUNDS, w -> ndcg10(users, weightsOf(w), c));
      if (best == null || r.objective() > best.objective() + 1e-9) best = r;
    }
    float[] weights = weightsOf(best.best());
    float sum = 0;
    for (float w : weights) sum += w;
    for (int i = 0; i < c; i++) weights[i] = sum == 0 ? 1f / c : weights[i] / sum;
    log.accept(String.format("  fusion weights %s: validation NDCG@10 %.4f on %d users",
        Arrays.toString(weights), best.objective(), users.size()));
    return weights;
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
        for (int j = 0; j < size; j++) listed[shortlist[j]] = false;
        for (int h : history) excluded[h] = false;
        excluded[target] = false;
        out.add(new UserCandidates(targetScores, bound, candidates));
      }
      return out;
    });
    List<UserCandidates> all = new ArrayList<>(users.length);
    chunks.forEach(all::addAll);
    return all;
  }
}
