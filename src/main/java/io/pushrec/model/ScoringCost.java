package io.pushrec.model;

import io.pushrec.core.ItemIndex;
import io.pushrec.core.RankingMetrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What serving one event costs the sequence model: encode the history, score every item, keep the top k. It is
 * measured beside one plain pass over the same item table (every float read once and added, in vector
 * instructions), the floor of any exact rescoring, so the ratio says how much is left to gain on this machine.
 * Each event is followed by one timed plain pass, so on a shared machine both medians see the same load and the
 * same caches.
 */
public final class ScoringCost {
  /** Medians and p99 in milliseconds; encodeMillis is the encoder alone, timed apart from the event. */
  public record Figures(int items, int dim, int calls, double medianMillis, double p99Millis, double encodeMillis,
      double plainPassMillis) {
    public double ratioToPlainPass() {
      return medianMillis / plainPassMillis;
    }
  }

  private ScoringCost() {}

  /** A model of the same shape with random weights over {@code items} synthetic items, for catalogue-size tests. */
  public static SasRecModel synthetic(SasRecConfig like, int items, long seed) {
    SasRecConfig config = new SasRecConfig(items, like.dim(), like.maxLength(), like.blocks(), like.dropout());
    SasRecWeights weights = new SasRecWeights(config);
    weights.initialise(new Random(seed));
    List<String> ids = new ArrayList<>(items);
    for (int i = 0; i < items; i++) ids.add("s" + i);
    return new SasRecModel(ItemIndex.of(ids), weights, Map.of("synthetic", true));
  }

  /**
   * Times {@code calls} events with random histories of the model's maximum length, each beside one plain pass
   * and one encoding alone, after as many warm-up rounds.
   */
  public static Figures measure(SasRecModel model, int calls, int k, long seed) {
    Random random = new Random(seed);
    int n = model.numItems();
    float[][] columns = model.columns();
    float[] sums = new float[n];
    float[] scores = new float[n];
    boolean[] excluded = new boolean[n];
    int[] best = new int[k];
    long[] events = new long[calls];
    long[] encodings = new long[calls];
    long[] passes = new long[calls];
    float sink = 0f;
    for (int round = 0; round < 2; round++) {
      for (int c = 0; c < calls; c++) {
        int[] history = random.ints(model.config().maxLength(), 0, n).toArray();
        long start = System.nanoTime();
        model.scoreAll(history, scores);
        RankingMetrics.topK(scores, excluded, best);
        events[c] = System.nanoTime() - start;
        start = System.nanoTime();
        plainPass(columns, sums);
        passes[c] = System.nanoTime() - start;
        start = System.nanoTime();
        sink += model.encode(history)[0];
        encodings[c] = System.nanoTime() - start;
      }
    }
    for (float sum : sums) sink += sum;
    if (Float.isNaN(sink)) throw new IllegalStateException("the model holds NaN");
    Arrays.sort(events);
    Arrays.sort(encodings);
    Arrays.sort(passes);
    return new Figures(n, model.config().dim(), calls, events[calls / 2] / 1e6, events[calls * 99 / 100] / 1e6,
        encodings[calls / 2] / 1e6, passes[calls / 2] / 1e6);
  }

  /**
   * Every float of the item table read once, in the layout scoring reads it, and added to a running sum per item
   * (so the JIT can neither drop the loop nor keep it scalar); four columns a pass, as scoring takes them, so the
   * sums go through the caches as often as the scores do.
   */
  static void plainPass(float[][] columns, float[] sums) {
    int t = 0;
    for (; t + 3 < columns.length; t += 4) {
      float[] c0 = columns[t];
      float[] c1 = columns[t + 1];
      float[] c2 = columns[t + 2];
      float[] c3 = columns[t + 3];
      for (int i = 0; i < sums.length; i++) sums[i] += c0[i] + c1[i] + c2[i] + c3[i];
    }
    for (; t < columns.length; t++) {
      float[] column = columns[t];
      for (int i = 0; i < sums.length; i++) sums[i] += column[i];
    }
  }
}
