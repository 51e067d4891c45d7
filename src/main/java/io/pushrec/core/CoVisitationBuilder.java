package io.pushrec.core;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Directional item-to-item co-visitation over the training sequences. What a user did right after an
 * item predicts the next step better than what they did before it, so forward transitions count fully
 * and reverse ones by {@code reverseWeight}; links further apart within the window count less.
 */
public final class CoVisitationBuilder {
  /**
   * @param window how many steps apart two interactions may be and still link
   * @param reverseWeight weight of "b came before a" relative to "b came after a"
   * @param distanceDecay factor per extra step between the two interactions
   * @param sourceExponent divide by popularity(a)^this: how much a frequent history item is damped
   * @param targetExponent divide by popularity(b)^this: how much bestsellers are kept from being everyone's neighbour
   * @param maxNeighbours links kept per item
   */
  public record Params(int window, float reverseWeight, float distanceDecay, float sourceExponent,
      float targetExponent, int maxNeighbours) {
    public static final Params DEFAULT = new Params(3, 0.5f, 0.7f, 0.5f, 0.5f, 100);

    public Params withWindow(int w) {
      return new Params(w, reverseWeight, distanceDecay, sourceExponent, targetExponent, maxNeighbours);
    }

    public Params withReverseWeight(float r) {
      return new Params(window, r, distanceDecay, sourceExponent, targetExponent, maxNeighbours);
    }

    public Params withDistanceDecay(float d) {
      return new Params(window, reverseWeight, d, sourceExponent, targetExponent, maxNeighbours);
    }

    public Params withTargetExponent(float e) {
      return new Params(window, reverseWeight, distanceDecay, sourceExponent, e, maxNeighbours);
    }

    public Params withSourceExponent(float e) {
      return new Params(window, reverseWeight, distanceDecay, e, targetExponent, maxNeighbours);
    }
  }

  private CoVisitationBuilder() {}

  public static ItemNeighbours build(List<int[]> sequences, int numItems, Params params) {
    ItemOccurrences occ = new ItemOccurrences(sequences, numItems);
    float[] stepWeight = new float[params.window() + 1];
    for (int d = 1; d <= params.window(); d++) stepWeight[d] = (float) Math.pow(params.distanceDecay(), d - 1);
    int[][] neighbours = new int[numItems][];
    float[][] weights = new float[numItems][];
    ThreadLocal<NeighbourAccumulator> scratch = ThreadLocal.withInitial(() -> new NeighbourAccumulator(numItems));
    IntStream.range(0, numItems).parallel().forEach(a -> {
      if (occ.count(a) == 0) return;
      NeighbourAccumulator acc = scratch.get();
      for (int o = occ.offset[a]; o < occ.offset[a + 1]; o++) {
        int[] seq = sequences.get(occ.sequence[o]);
        int p = occ.position[o];
        for (int q = Math.max(0, p - params.window()); q < Math.min(seq.length, p + params.window() + 1); q++) {
          if (q == p || seq[q] == a) continue;
          float w = stepWeight[Math.abs(q - p)];
          acc.add(seq[q], q > p ? w : w * params.reverseWeight());
        }
      }
      float[] normalised = new float[acc.size()];
      double sourceNorm = Math.pow(occ.count(a), params.sourceExponent());
      for (int i = 0; i < acc.size(); i++) {
        int b = acc.item(i);
        normalised[i] = (float) (acc.sum(b) / (sourceNorm * Math.pow(occ.count(b), params.targetExponent())));
      }
      acc.takeStrongest(normalised, params.maxNeighbours(), neighbours, weights, a);
    });
    return ItemNeighbours.pack(neighbours, weights);
  }
}
