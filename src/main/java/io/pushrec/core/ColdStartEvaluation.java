package io.pushrec.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Measures how well brand-new items are recommended. A fraction of the items is held out as "new": every
 * interaction with them is removed from training, so all that is known of them is their text. Collaborative
 * vectors are learned on the rest ({@link CooccurrenceEmbedding}), a {@link RidgeProjection} is fitted from the
 * warm items' content vectors to them, and the new items get projected vectors. Evaluated are the leave-one-out
 * test cases whose target is a new item, ranked against every item outside the user's history ("all") and
 * against the other new items only ("new").
 */
public final class ColdStartEvaluation {
  public static final int K = 10;
  static final double[] LAMBDAS = {0.3, 1, 3, 10, 30};

  public record Settings(double holdout, int dimension, long seed) {}

  public record Metrics(double hr, double ndcg) {}

  /** Figures per method and pool, plus what was chosen on the validation cases. */
  public record Report(int items, int newItems, int testCases, double lambda, Map<String, Metrics> all,
      Map<String, Metrics> newOnly, RidgeProjection projection) {}

  private ColdStartEvaluation() {}

  /** @param content one content vector per item of {@code data.items()}, same order */
  public static Report run(SequenceDataset data, float[][] content, String encoder, Settings settings) {
    int n = data.numItems();
    LeaveOneOutSplit split = new LeaveOneOutSplit(data);
    boolean[] isNew = pickNew(n, settings.holdout(), settings.seed());
    int[][] train = new int[data.numUsers()][];
    int[] trainCount = new int[n];
    int[] allCount = new int[n];
    for (int u = 0; u < data.numUsers(); u++) {
      train[u] = Arrays.stream(split.train(u)).filter(i -> !isNew[i]).toArray();
      for (int i : train[u]) trainCount[i]++;
      for (int i : data.sequence(u)) allCount[i]++;
    }
    float[][] learned = CooccurrenceEmbedding.fit(train, n, settings.dimension(), settings.seed());
    List<Integer> warm = new ArrayList<>();
    for (int i = 0; i < n; i++) if (trainCount[i] > 0) warm.add(i);

    double bestLambda = LAMBDAS[0];
    double bestNdcg = -1;
    for (double lambda : LAMBDAS) {
      VectorTable vectors = servedVectors(data, content, learned, trainCount, fit(encoder, content, learned, warm, lambda));
      double ndcg = evaluate(data, split, isNew, true, vectors, null, false).get("projection").ndcg();
      if (ndcg > bestNdcg) {
        bestNdcg = ndcg;
        bestLambda = lambda;
      }
    }
    RidgeProjection projection = fit(encoder, content, learned, warm, bestLambda);
    VectorTable vectors = servedVectors(data, content, learned, trainCount, projection);
    VectorTable contentTable = table(data, content);
    Map<String, Metrics> all = evaluate(data, split, isNew, false, vectors, contentTable, false);
    all.putAll(baselines(data, split, isNew, trainCount, allCount, false, settings.seed()));
    Map<String, Metrics> newOnly = evaluate(data, split, isNew, false, vectors, contentTable, true);
    newOnly.putAll(baselines(data, split, isNew, trainCount, allCount, true, settings.seed()));
    int cases = 0;
    for (int u = 0; u < data.numUsers(); u++) if (split.isEvaluated(u) && isNew[split.testTarget(u)]) cases++;
    int newItems = 0;
    for (boolean b : isNew) if (b) newItems++;
    return new Report(n, newItems, cases, bestLambda, all, newOnly, projection);
  }

  static boolean[] pickNew(int n, double fraction, long seed) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) order[i] = i;
    Random random = new Random(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    boolean[] isNew = new boolean[n];
    for (int i = 0; i < Math.round(n * fraction); i++) isNew[order[i]] = true;
    return isNew;
  }

  private static RidgeProjection fit(String encoder, float[][] content, float[][] learned, List<Integer> warm,
      double lambda) {
    float[][] x = new float[warm.size()][];
    float[][] y = new float[warm.size()][];
    for (int k = 0; k < warm.size(); k++) {
      x[k] = content[warm.get(k)];
      y[k] = learned[warm.get(k)];
    }
    return RidgeProjection.fit(encoder, x, y, lambda);
  }

  /** What a node would hold: learned vectors for items with training behaviour, projected ones for the rest. */
  private static VectorTable servedVectors(SequenceDataset data, float[][] content, float[][] learned,
      int[] trainCount, RidgeProjection projection) {
    float[][] served = new float[data.numItems()][];
    for (int i = 0; i < served.length; i++) served[i] = trainCount[i] > 0 ? learned[i] : projection.project(content[i]);
    return table(data, served);
  }

  private static VectorTable table(SequenceDataset data, float[][] vectors) {
    List<VectorTable.Row> rows = new ArrayList<>(vectors.length);
    for (int i = 0; i < vectors.length; i++) rows.add(new VectorTable.Row(data.items().idOf(i), vectors[i], 1));
    return VectorTable.empty(vectors[0].length).with(rows);
  }

  /** "projection", and "content" (the same in the text space) when {@code contentTable} is given. */
  private static Map<String, Metrics> evaluate(SequenceDataset data, LeaveOneOutSplit split, boolean[] isNew,
      boolean validation, VectorTable vectors, VectorTable contentTable, boolean newOnly) {
    Map<String, Metrics> out = new LinkedHashMap<>();
    out.put("projection", score(data, split, isNew, validation, newOnly, (history, scores) ->
        dotAll(vectors, ItemVectorScorer.profile(ids(data, history), vectors), scores)));
    if (contentTable != null) {
      out.put("content", score(data, split, isNew, validation, newOnly, (history, scores) ->
          dotAll(contentTable, ItemVectorScorer.profile(ids(data, history), contentTable), scores)));
      float[] other = new float[data.numItems()];
      out.put("projection+content", score(data, split, isNew, validation, newOnly, (history, scores) -> {
        dotAll(vectors, ItemVectorScorer.profile(ids(data, history), vectors), scores);
        dotAll(contentTable, ItemVectorScorer.profile(ids(data, history), contentTable), other);
        reciprocalRankFusion(scores, other);
      }));
    }
    return out;
  }

  /** Replaces {@code a} by the reciprocal-rank fusion of both score lists, as {@link ItemVectorScorer} merges them. */
  private static void reciprocalRankFusion(float[] a, float[] b) {
    int[] rankA = ranks(a);
    int[] rankB = ranks(b);
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) (1.0 / (ItemVectorScorer.RANK_OFFSET + rankA[i] + 1) + 1.0 / (ItemVectorScorer.RANK_OFFSET + rankB[i] + 1));
    }
  }

  private static int[] ranks(float[] scores) {
    Integer[] order = new Integer[scores.length];
    for (int i = 0; i < order.length; i++) order[i] = i;
    Arrays.sort(order, (x, y) -> Float.compare(scores[y], scores[x]));
    int[] rank = new int[scores.length];
    for (int r = 0; r < order.length; r++) rank[order[r]] = r;
    return rank;
  }

  private static Map<String, Metrics> baselines(SequenceDataset data, LeaveOneOutSplit split, boolean[] isNew,
      int[] trainCount, int[] allCount, boolean newOnly, long seed) {
    Map<String, Metrics> out = new LinkedHashMap<>();
    out.put("popularity", score(data, split, isNew, false, newOnly, (h, s) -> {
      for (int i = 0; i < s.length; i++) s[i] = trainCount[i];
    }));
    out.put("popularity-oracle", score(data, split, isNew, false, newOnly, (h, s) -> {
      for (int i = 0; i < s.length; i++) s[i] = allCount[i];
    }));
    Random random = new Random(seed);
    out.put("random", score(data, split, isNew, false, newOnly, (h, s) -> {
      for (int i = 0; i < s.length; i++) s[i] = random.nextFloat();
    }));
    return out;
  }

  private interface Method {
    void scores(int[] history, float[] out);
  }

  private static Metrics score(SequenceDataset data, LeaveOneOutSplit split, boolean[] isNew, boolean validation,
      boolean newOnly, Method method) {
    float[] scores = new float[data.numItems()];
    double hr = 0;
    double ndcg = 0;
    int cases = 0;
    for (int u = 0; u < data.numUsers(); u++) {
      if (!split.isEvaluated(u)) continue;
      int target = validation ? split.validationTarget(u) : split.testTarget(u);
      if (!isNew[target]) continue;
      int[] history = validation ? split.validationHistory(u) : split.testHistory(u);
      method.scores(history, scores);
      Set<Integer> seen = new HashSet<>();
      for (int i : history) seen.add(i);
      int greater = 0;
      int ties = 0;
      for (int i = 0; i < scores.length; i++) {
        if (i == target || seen.contains(i) || newOnly && !isNew[i]) continue;
        if (scores[i] > scores[target]) greater++;
        else if (scores[i] == scores[target]) ties++;
      }
      // Expected HR and NDCG when ties are broken at random, so no method gains from the order of item ids.
      for (int t = 0; t <= ties; t++) {
        int rank = greater + t;
        if (rank >= K) break;
        hr += 1.0 / (ties + 1);
        ndcg += 1.0 / (ties + 1) / (Math.log(rank + 2) / Math.log(2));
      }
      cases++;
    }
    return cases == 0 ? new Metrics(0, 0) : new Metrics(hr / cases, ndcg / cases);
  }

  private static List<String> ids(SequenceDataset data, int[] history) {
    List<String> ids = new ArrayList<>(history.length);
    for (int i : history) ids.add(data.items().idOf(i));
    return ids;
  }

  private static void dotAll(VectorTable table, float[] profile, float[] out) {
    if (profile == null) {
      Arrays.fill(out, 0);
      return;
    }
    for (int i = 0; i < out.length; i++) out[i] = table.dot(i, profile);
  }
}
