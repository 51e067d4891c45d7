package io.pushrec.core;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;

/**
 * Scores items by their links to the user's history: the latest item counts fully, each older one
 * {@code recencyDecay} times less, and only the latest {@code maxHistory} count at all. Serves both
 * co-visitation and item-KNN; they differ only in how the links were learned.
 */
public final class NeighbourhoodScorer implements SavableScorer {
  public static final String KIND = "neighbourhood";

  private final ItemNeighbours neighbours;
  private final float recencyDecay;
  private final int maxHistory;
  /** How the links were learned, kept with the model so a reader of the directory can tell. */
  private final String provenance;

  public NeighbourhoodScorer(ItemNeighbours neighbours, float recencyDecay, int maxHistory, String provenance) {
    this.neighbours = neighbours;
    this.recencyDecay = recencyDecay;
    this.maxHistory = maxHistory;
    this.provenance = provenance;
  }

  @Override
  public int numItems() {
    return neighbours.numItems();
  }

  @Override
  public void scoreAll(int[] history, float[] out) {
    Arrays.fill(out, 0, numItems(), 0f);
    float weight = 1f;
    for (int i = history.length - 1; i >= 0 && i >= history.length - maxHistory; i--) {
      neighbours.addNeighbours(history[i], weight, out);
      weight *= recencyDecay;
    }
  }

  /**
   * The history position whose link, weighted by recency as in {@link #scoreAll}, adds most to {@code item}'s
   * score: what a recommendation can say it is "because of". -1 when no counted history item links to it.
   */
  public int strongestSource(int[] history, int item) {
    int best = -1;
    float bestContribution = 0f;
    float recency = 1f;
    for (int i = history.length - 1; i >= 0 && i >= history.length - maxHistory; i--) {
      float contribution = recency * neighbours.weight(history[i], item);
      if (contribution > bestContribution) {
        bestContribution = contribution;
        best = i;
      }
      recency *= recencyDecay;
    }
    return best;
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public void save(Path dir, String name) throws IOException {
    neighbours.save(dir.resolve(name + ".neighbours.bin"));
    Properties p = new Properties();
    p.setProperty("recencyDecay", Float.toString(recencyDecay));
    p.setProperty("maxHistory", Integer.toString(maxHistory));
    p.setProperty("provenance", provenance);
    try (Writer w = Files.newBufferedWriter(dir.resolve(name + ".properties"), StandardCharsets.UTF_8)) {
      p.store(w, "pushrec neighbourhood scorer");
    }
  }

  static final class Loader implements ComponentLoader {
    @Override
    public String kind() {
      return KIND;
    }

    @Override
    public SavableScorer load(Path dir, String name, ItemIndex items) throws IOException {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(dir.resolve(name + ".properties"), StandardCharsets.UTF_8)) {
        p.load(r);
      }
      ItemNeighbours neighbours = ItemNeighbours.load(dir.resolve(name + ".neighbours.bin"), items.size());
      return new NeighbourhoodScorer(neighbours, Float.parseFloat(p.getProperty("recencyDecay")),
          Integer.parseInt(p.getProperty("maxHistory")), p.getProperty("provenance", ""));
    }
  }
}
