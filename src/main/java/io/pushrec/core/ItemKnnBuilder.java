package io.pushrec.core;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Item-KNN: cosine similarity of the items' user sets, order ignored,
 * {@code |U_a ∩ U_b| / (sqrt(|U_a| |U_b|) + shrinkage)}. The shrinkage keeps two rare items that happen to
 * share one user from looking like perfect neighbours.
 */
public final class ItemKnnBuilder {
  public record Params(float shrinkage, int maxNeighbours) {
    public static final Params DEFAULT = new Params(10f, 100);
  }

  private ItemKnnBuilder() {}

  public static ItemNeighbours build(List<int[]> sequences, int numItems, Params params) {
    // A user counts once per item however often they repeat it.
    List<int[]> sets = sequences.stream().map(s -> Arrays.stream(s).distinct().toArray()).toList();
    ItemOccurrences occ = new ItemOccurrences(sets, numItems);
    int[][] neighbours = new int[numItems][];
    float[][] weights = new float[numItems][];
    ThreadLocal<NeighbourAccumulator> scratch = ThreadLocal.withInitial(() -> new NeighbourAccumulator(numItems));
    IntStream.range(0, numItems).parallel().forEach(a -> {
      if (occ.count(a) == 0) return;
      NeighbourAccumulator acc = scratch.get();
      for (int o = occ.offset[a]; o < occ.offset[a + 1]; o++) {
        for (int b : sets.get(occ.sequence[o])) {
          if (b != a) acc.add(b, 1f);
        }
      }
      float[] similarity = new float[acc.size()];
      for (int i = 0; i < acc.size(); i++) {
        int b = acc.item(i);
        similarity[i] = (float) (acc.sum(b) / (Math.sqrt((double) occ.count(a) * occ.count(b)) + params.shrinkage()));
      }
      acc.takeStrongest(similarity, params.maxNeighbours(), neighbours, weights, a);
    });
    return ItemNeighbours.pack(neighbours, weights);
  }
}
