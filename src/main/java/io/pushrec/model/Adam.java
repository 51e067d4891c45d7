package io.pushrec.model;

import java.util.List;

/**
 * Adam with L2 folded into the gradient. The item table is updated lazily: only rows that received a gradient
 * in this step move and have their moments decayed, which keeps a step's cost proportional to the items it
 * saw rather than to the catalogue.
 */
final class Adam {
  private final List<Tensor> tensors;
  private final Tensor sparse;
  private final float learningRate;
  private final float beta1;
  private final float beta2;
  private final float epsilon;
  private final float l2;
  private int step;

  Adam(List<Tensor> tensors, Tensor sparse, float learningRate, float l2) {
    this.tensors = tensors;
    this.sparse = sparse;
    this.learningRate = learningRate;
    this.beta1 = 0.9f;
    this.beta2 = 0.98f;
    this.epsilon = 1e-8f;
    this.l2 = l2;
    for (Tensor t : tensors) {
      t.firstMoment = new float[t.size()];
      t.secondMoment = new float[t.size()];
    }
  }

  /** Applies one update from the accumulated gradients and clears them (and the touched marks). */
  void step(boolean[] touchedRows) {
    step++;
    float stepSize = (float) (learningRate * Math.sqrt(1 - Math.pow(beta2, step)) / (1 - Math.pow(beta1, step)));
    for (Tensor t : tensors) {
      if (t == sparse) {
        for (int r = 0; r < t.rows; r++) {
          if (!touchedRows[r]) continue;
          touchedRows[r] = false;
          update(t, r * t.cols, (r + 1) * t.cols, stepSize);
        }
      } else {
        update(t, 0, t.size(), stepSize);
      }
    }
  }

  private void update(Tensor t, int from, int to, float stepSize) {
    float[] w = t.value;
    float[] g = t.grad;
    float[] m = t.firstMoment;
    float[] v = t.secondMoment;
    float decay = t.decays ? l2 : 0f;
    for (int i = from; i < to; i++) {
      float grad = g[i] + decay * w[i];
      m[i] = beta1 * m[i] + (1 - beta1) * grad;
      v[i] = beta2 * v[i] + (1 - beta2) * grad * grad;
      w[i] -= stepSize * m[i] / ((float) Math.sqrt(v[i]) + epsilon);
      g[i] = 0f;
    }
  }
}
