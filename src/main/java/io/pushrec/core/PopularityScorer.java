package io.pushrec.core;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Everyone gets the bestsellers: the floor any personalised scorer has to beat. */
public final class PopularityScorer implements SavableScorer {
  public static final String KIND = "popularity";
  private static final int FORMAT = 1;

  /** log(1 + interactions): the same order as raw counts, but a scale that fuses well with other evidence. */
  private final float[] logCounts;

  private PopularityScorer(float[] logCounts) {
    this.logCounts = logCounts;
  }

  public static PopularityScorer fit(List<int[]> sequences, int numItems) {
    int[] counts = new int[numItems];
    for (int[] seq : sequences) {
      for (int item : seq) counts[item]++;
    }
    float[] log = new float[numItems];
    for (int i = 0; i < numItems; i++) log[i] = (float) Math.log1p(counts[i]);
    return new PopularityScorer(log);
  }

  @Override
  public int numItems() {
    return logCounts.length;
  }

  @Override
  public void scoreAll(int[] history, float[] out) {
    System.arraycopy(logCounts, 0, out, 0, logCounts.length);
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public void save(Path dir, String name) throws IOException {
    try (DataOutputStream out = BinaryFiles.create(dir.resolve(name + ".popularity.bin"), KIND, FORMAT)) {
      out.writeInt(logCounts.length);
      for (float v : logCounts) out.writeFloat(v);
    }
  }

  static final class Loader implements ComponentLoader {
    @Override
    public String kind() {
      return KIND;
    }

    @Override
    public SavableScorer load(Path dir, String name, ItemIndex items) throws IOException {
      try (DataInputStream in = BinaryFiles.open(dir.resolve(name + ".popularity.bin"), KIND, FORMAT)) {
        return new PopularityScorer(BinaryFiles.readFloats(in, BinaryFiles.readCount(in, items.size())));
      }
    }
  }
}
