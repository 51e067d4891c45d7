package io.pushrec.core;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Each item's strongest neighbours in flat arrays (compressed rows): item {@code i}'s neighbours are
 * {@code neighbour[offset[i]] .. neighbour[offset[i+1]-1]}, strongest first. Compact enough to keep a few
 * million links in memory and to load without the training log.
 */
public final class ItemNeighbours {
  private static final String TAG = "neighbours";
  private static final int FORMAT = 1;

  private final int[] offset;
  private final int[] neighbour;
  private final float[] weight;

  ItemNeighbours(int[] offset, int[] neighbour, float[] weight) {
    this.offset = offset;
    this.neighbour = neighbour;
    this.weight = weight;
  }

  /** Packs per-item lists (already strongest first); a null list means no neighbours. */
  static ItemNeighbours pack(int[][] neighbours, float[][] weights) {
    int[] offset = new int[neighbours.length + 1];
    for (int i = 0; i < neighbours.length; i++) {
      offset[i + 1] = offset[i] + (neighbours[i] == null ? 0 : neighbours[i].length);
    }
    int[] flatNeighbours = new int[offset[neighbours.length]];
    float[] flatWeights = new float[flatNeighbours.length];
    for (int i = 0; i < neighbours.length; i++) {
      if (neighbours[i] == null) continue;
      System.arraycopy(neighbours[i], 0, flatNeighbours, offset[i], neighbours[i].length);
      System.arraycopy(weights[i], 0, flatWeights, offset[i], weights[i].length);
    }
    return new ItemNeighbours(offset, flatNeighbours, flatWeights);
  }

  public int numItems() {
    return offset.length - 1;
  }

  public int links() {
    return neighbour.length;
  }

  /** Adds {@code scale × weight} of every neighbour of {@code item} to {@code scores}. */
  void addNeighbours(int item, float scale, float[] scores) {
    for (int j = offset[item], end = offset[item + 1]; j < end; j++) scores[neighbour[j]] += scale * weight[j];
  }

  /** The weight of the link from {@code from} to {@code to}, 0 if {@code to} is not among its neighbours. */
  float weight(int from, int to) {
    for (int j = offset[from], end = offset[from + 1]; j < end; j++) {
      if (neighbour[j] == to) return weight[j];
    }
    return 0f;
  }

  void save(Path file) throws IOException {
    try (DataOutputStream out = BinaryFiles.create(file, TAG, FORMAT)) {
      out.writeInt(numItems());
      out.writeInt(links());
      for (int o : offset) out.writeInt(o);
      for (int n : neighbour) out.writeInt(n);
      for (float w : weight) out.writeFloat(w);
    }
  }

  static ItemNeighbours load(Path file, int numItems) throws IOException {
    try (DataInputStream in = BinaryFiles.open(file, TAG, FORMAT)) {
      int n = BinaryFiles.readCount(in, numItems);
      int links = in.readInt();
      int[] offset = BinaryFiles.readInts(in, n + 1);
      int[] neighbour = BinaryFiles.readInts(in, links);
      float[] weight = BinaryFiles.readFloats(in, links);
      if (offset[n] != links) throw new IOException(file + ": offsets do not match the link count");
      return new ItemNeighbours(offset, neighbour, weight);
    }
  }
}
