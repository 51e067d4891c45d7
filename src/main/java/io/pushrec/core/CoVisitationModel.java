package io.pushrec.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Item-to-item co-visitation counts learned from behaviour sequences: two items co-occur when one user
 * touched them within {@code window} steps of each other. Counts are normalised by the geometric mean of
 * the two items' popularity so that a bestseller is not everybody's neighbour.
 */
public final class CoVisitationModel {
  public static final CoVisitationModel EMPTY = new CoVisitationModel(Map.of(), Map.of());

  private final Map<String, Neighbours> neighbours;
  private final Map<String, Integer> popularity;

  private CoVisitationModel(Map<String, Neighbours> neighbours, Map<String, Integer> popularity) {
    this.neighbours = neighbours;
    this.popularity = popularity;
  }

  /**
   * @param sequences each user's items in time order
   * @param window how many steps apart two items may be and still count as co-visited
   * @param maxNeighbours neighbours kept per item
   */
  public static CoVisitationModel train(Iterable<List<String>> sequences, int window, int maxNeighbours) {
    Map<String, Integer> popularity = new HashMap<>();
    Map<String, Map<String, Float>> pairs = new HashMap<>();
    for (List<String> seq : sequences) {
      for (int i = 0; i < seq.size(); i++) {
        String a = seq.get(i);
        popularity.merge(a, 1, Integer::sum);
        for (int j = Math.max(0, i - window); j < i; j++) {
          String b = seq.get(j);
          if (a.equals(b)) continue;
          // Closer steps say more about each other than distant ones.
          float strength = 1f / (i - j);
          pairs.computeIfAbsent(a, k -> new HashMap<>()).merge(b, strength, Float::sum);
          pairs.computeIfAbsent(b, k -> new HashMap<>()).merge(a, strength, Float::sum);
        }
      }
    }
    Map<String, Neighbours> neighbours = new HashMap<>(pairs.size() * 2);
    pairs.forEach((item, counts) -> neighbours.put(item, strongest(item, counts, popularity, maxNeighbours)));
    return new CoVisitationModel(Collections.unmodifiableMap(neighbours), Collections.unmodifiableMap(popularity));
  }

  private static Neighbours strongest(
      String item, Map<String, Float> counts, Map<String, Integer> popularity, int max) {
    double itemPop = popularity.getOrDefault(item, 1);
    List<Map.Entry<String, Float>> normalised = new ArrayList<>(counts.size());
    counts.forEach((other, c) ->
        normalised.add(Map.entry(other, (float) (c / Math.sqrt(itemPop * popularity.getOrDefault(other, 1))))));
    normalised.sort(Map.Entry.<String, Float>comparingByValue().reversed());
    int n = Math.min(max, normalised.size());
    String[] ids = new String[n];
    float[] weights = new float[n];
    for (int i = 0; i < n; i++) {
      ids[i] = normalised.get(i).getKey();
      weights[i] = normalised.get(i).getValue();
    }
    return new Neighbours(ids, weights);
  }

  public Neighbours neighboursOf(String itemId) {
    return neighbours.getOrDefault(itemId, Neighbours.NONE);
  }

  public int popularity(String itemId) {
    return popularity.getOrDefault(itemId, 0);
  }

  public Map<String, Integer> popularityCounts() {
    return popularity;
  }

  public int itemsWithNeighbours() {
    return neighbours.size();
  }
}
