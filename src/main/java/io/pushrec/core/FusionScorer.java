package io.pushrec.core;

import java.util.List;

/**
 * A weighted sum of component scores. Each component is first min-max scaled per user to [0, 1], so a
 * weight means the same for a user with one event as for one with fifty, and components on different
 * scales (counts, similarities, logits) can be mixed. Components with weight 0 are not even called.
 */
public final class FusionScorer implements SequenceScorer {
  private final List<SequenceScorer> components;
  private final float[] weights;
  private final int numItems;
  private final ThreadLocal<float[]> scratch;

  public FusionScorer(List<? extends SequenceScorer> components, float[] weights) {
    if (components.isEmpty() || components.size() != weights.length) {
      throw new IllegalArgumentException("need one weight per component and at least one component");
    }
    this.components = List.copyOf(components);
    this.weights = weights.clone();
    this.numItems = components.get(0).numItems();
    for (SequenceScorer c : components) {
      if (c.numItems() != numItems) throw new IllegalArgumentException("components score different catalogues");
    }
    this.scratch = ThreadLocal.withInitial(() -> new float[numItems]);
  }

  @Override
  public int numItems() {
    return numItems;
  }

  @Override
  public void scoreAll(int[] history, float[] out) {
    java.util.Arrays.fill(out, 0, numItems, 0f);
    float[] component = scratch.get();
    for (int c = 0; c < weights.length; c++) {
      if (weights[c] == 0f) continue;
      components.get(c).scoreAll(history, component);
      normaliseMinMax(component, numItems);
      float w = weights[c];
      for (int i = 0; i < numItems; i++) out[i] += w * component[i];
    }
  }

  /** Scales scores to [0, 1] in place; a component with no opinion (all scores equal) becomes all zero. */
  static void normaliseMinMax(float[] scores, int n) {
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      min = Math.min(min, scores[i]);
      max = Math.max(max, scores[i]);
    }
    float range = max - min;
    if (!(range > 0f) || Float.isInfinite(range)) {
      java.util.Arrays.fill(scores, 0, n, 0f);
      return;
    }
    float scale = 1f / range;
    for (int i = 0; i < n; i++) scores[i] = (scores[i] - min) * scale;
  }
}
