package io.pushrec.core;

import java.util.Arrays;

/**
 * Scratch space to sum evidence from one item towards all others and keep the strongest. One per thread:
 * a dense float array plus the list of entries touched, so clearing costs only what was used.
 */
final class NeighbourAccumulator {
  private final float[] sum;
  private final int[] touched;
  private int size;

  NeighbourAccumulator(int numItems) {
    sum = new float[numItems];
    touched = new int[numItems];
  }

  /** Only positive evidence counts, which also keeps every touched item listed exactly once. */
  void add(int item, float amount) {
    if (!(amount > 0f)) return;
    if (sum[item] == 0f) touched[size++] = item;
    sum[item] += amount;
  }

  int size() {
    return size;
  }

  int item(int i) {
    return touched[i];
  }

  float sum(int item) {
    return sum[item];
  }

  /**
   * Keeps the {@code max} touched items with the largest positive {@code finalWeights} (indexed like the
   * touched list), strongest first, ties to the lower item index; then resets the scratch.
   */
  void takeStrongest(float[] finalWeights, int max, int[][] neighboursOut, float[][] weightsOut, int owner) {
    // Positive floats order like their bit patterns, so one primitive sort of (weight desc, item asc) keys does it.
    long[] keys = new long[size];
    for (int i = 0; i < size; i++) {
      keys[i] = ((long) (Integer.MAX_VALUE - Float.floatToIntBits(finalWeights[i])) << 32) | touched[i];
    }
    Arrays.sort(keys);
    int n = Math.min(max, size);
    int[] items = new int[n];
    float[] weights = new float[n];
    for (int i = 0; i < n; i++) {
      items[i] = (int) keys[i];
      weights[i] = Float.intBitsToFloat(Integer.MAX_VALUE - (int) (keys[i] >>> 32));
    }
    neighboursOut[owner] = items;
    weightsOut[owner] = weights;
    for (int i = 0; i < size; i++) sum[touched[i]] = 0f;
    size = 0;
  }
}
