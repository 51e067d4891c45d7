package io.pushrec.model;

import java.util.SplittableRandom;

/**
 * One pre-norm transformer block over a batch of variable-length sequences stored row after row:
 * {@code h = x + dropout(attention(LN1(x)))}, {@code out = h + dropout(ffn(LN2(h)))}. Attention is single-head and
 * causal: position i only sees positions 0..i of its own sequence, so an item never sees what came after it.
 */
final class AttentionBlock {
  private final SasRecWeights.BlockWeights w;
  private final int d;
  private final float scale;

  AttentionBlock(SasRecWeights.BlockWeights weights, int dim) {
    this.w = weights;
    this.d = dim;
    this.scale = (float) (1.0 / Math.sqrt(dim));
  }

  /** What the forward pass keeps for the backward pass. */
  static final class Cache {
    float[] x;
    LayerNorm.Cache ln1;
    float[] a;
    float[] q;
    float[] k;
    float[] v;
    /** Attention probabilities, one lower-triangular n x n matrix per sequence, each at attentionOffset[s]. */
    float[] attention;
    int[] attentionOffset;
    float[] context;
    float[] dropMask1;
    float[] h;
    LayerNorm.Cache ln2;
    float[] c;
    float[] hidden;
    float[] dropMask2;
  }

  /**
   * @param offsets sequence s occupies rows offsets[s]..offsets[s+1]-1
   * @param random dropout source, or null for inference
   */
  float[] forward(float[] x, int[] offsets, float dropout, SplittableRandom random, Cache cache) {
    int rows = offsets[offsets.length - 1];
    int n = rows * d;
    cache.x = x;
    cache.a = new float[n];
    cache.ln1 = LayerNorm.forward(x, w.gamma1.value, w.beta1.value, cache.a, rows, d);
    cache.q = new float[n];
    cache.k = new float[n];
    cache.v = new float[n];
    Kernels.linear(cache.a, w.wq.value, w.bq.value, cache.q, rows, d, d);
    Kernels.linear(cache.a, w.wk.value, w.bk.value, cache.k, rows, d, d);
    Kernels.linear(cache.a, w.wv.value, w.bv.value, cache.v, rows, d, d);
    cache.attentionOffset = new int[offsets.length];
    for (int s = 0; s + 1 < offsets.length; s++) {
      int len = offsets[s + 1] - offsets[s];
      cache.attentionOffset[s + 1] = cache.attentionOffset[s] + len * len;
    }
    cache.attention = new float[cache.attentionOffset[offsets.length - 1]];
    cache.context = new float[n];
    for (int s = 0; s + 1 < offsets.length; s++) attend(s, offsets, cache);
    float[] projected = new float[n];
    Kernels.linear(cache.context, w.wo.value, w.bo.value, projected, rows, d, d);
    cache.dropMask1 = Dropout.apply(projected, dropout, random);
    cache.h = new float[n];
    for (int i = 0; i < n; i++) cache.h[i] = x[i] + projected[i];

    cache.c = new float[n];
    cache.ln2 = LayerNorm.forward(cache.h, w.gamma2.value, w.beta2.value, cache.c, rows, d);
    cache.hidden = new float[n];
    Kernels.linear(cache.c, w.w1.value, w.b1.value, cache.hidden, rows, d, d);
    for (int i = 0; i < n; i++) if (cache.hidden[i] < 0f) cache.hidden[i] = 0f;
    float[] out = new float[n];
    Kernels.linear(cache.hidden, w.w2.value, w.b2.value, out, rows, d, d);
    cache.dropMask2 = Dropout.apply(out, dropout, random);
    for (int i = 0; i < n; i++) out[i] += cache.h[i];
    return out;
  }

  private void attend(int s, int[] offsets, Cache cache) {
    int start = offsets[s];
    int len = offsets[s + 1] - start;
    int base = cache.attentionOffset[s];
    float[] p = cache.attention;
    for (int i = 0; i < len; i++) {
      int row = base + i * len;
      float max = Float.NEGATIVE_INFINITY;
      for (int j = 0; j <= i; j++) {
        float score = scale * Kernels.dot(cache.q, (start + i) * d, cache.k, (start + j) * d, d);
        p[row + j] = score;
        if (score > max) max = score;
      }
      float sum = 0f;
      for (int j = 0; j <= i; j++) {
        float e = (float) Math.exp(p[row + j] - max);
        p[row + j] = e;
        sum += e;
      }
      float inv = 1f / sum;
      int ci = (start + i) * d;
      for (int j = 0; j <= i; j++) {
        float pj = p[row + j] * inv;
        p[row + j] = pj;
        int vj = (start + j) * d;
        for (int t = 0; t < d; t++) cache.context[ci + t] += pj * cache.v[vj + t];
      }
    }
  }

  /**
   * Buffers of the inference path for one sequence of up to maxLength rows, reused from call to call (one set
   * per thread) so that serving an event allocates nothing.
   */
  static final class Scratch {
    final float[] a;
    final float[] q;
    final float[] k;
    final float[] v;
    final float[] context;
    final float[] h;
    final float[] c;
    final float[] hidden;
    final float[] probabilities;
    /** The newest row's vectors, for {@link #inferLast}. */
    final float[] query;
    final float[] keyQuery;
    final float[] mixedInput;
    final float[] lastContext;
    final float[] lastProjected;
    final float[] lastH;
    final float[] lastC;
    final float[] lastHidden;

    Scratch(int maxLength, int d) {
      int n = maxLength * d;
      a = new float[n];
      q = new float[n];
      k = new float[n];
      v = new float[n];
      context = new float[n];
      h = new float[n];
      c = new float[n];
      hidden = new float[n];
      probabilities = new float[maxLength];
      query = new float[d];
      keyQuery = new float[d];
      mixedInput = new float[d];
      lastContext = new float[d];
      lastProjected = new float[d];
      lastH = new float[d];
      lastC = new float[d];
      lastHidden = new float[d];
    }
  }

  /**
   * What {@link #forward} computes without dropout for the n rows of one sequence, in place in x, keeping nothing
   * for a backward pass. The blocks before the last need every position, since the next block attends to all.
   */
  void inferAll(float[] x, int n, Scratch s) {
    int size = n * d;
    LayerNorm.apply(x, 0, w.gamma1.value, w.beta1.value, s.a, 0, n, d);
    Kernels.linear(s.a, w.wq.value, w.bq.value, s.q, n, d, d);
    Kernels.linear(s.a, w.wk.value, w.bk.value, s.k, n, d, d);
    Kernels.linear(s.a, w.wv.value, w.bv.value, s.v, n, d, d);
    java.util.Arrays.fill(s.context, 0, size, 0f);
    float[] p = s.probabilities;
    for (int i = 0; i < n; i++) {
      float max = Float.NEGATIVE_INFINITY;
      for (int j = 0; j <= i; j++) {
        p[j] = scale * Kernels.dot(s.q, i * d, s.k, j * d, d);
        if (p[j] > max) max = p[j];
      }
      float sum = 0f;
      for (int j = 0; j <= i; j++) {
        p[j] = (float) Math.exp(p[j] - max);
        sum += p[j];
      }
      float inv = 1f / sum;
      int ci = i * d;
      for (int j = 0; j <= i; j++) {
        float pj = p[j] * inv;
        int vj = j * d;
        for (int t = 0; t < d; t++) s.context[ci + t] += pj * s.v[vj + t];
      }
    }
    Kernels.linear(s.context, w.wo.value, w.bo.value, s.h, n, d, d);
    for (int i = 0; i < size; i++) s.h[i] += x[i];
    LayerNorm.apply(s.h, 0, w.gamma2.value, w.beta2.value, s.c, 0, n, d);
    Kernels.linear(s.c, w.w1.value, w.b1.value, s.hidden, n, d, d);
    for (int i = 0; i < size; i++) if (s.hidden[i] < 0f) s.hidden[i] = 0f;
    Kernels.linear(s.hidden, w.w2.value, w.b2.value, x, n, d, d);
    for (int i = 0; i < size; i++) x[i] += s.h[i];
  }

  /**
   * The block's output at the newest of the n rows of x only (into out, d floats): all a serving path needs
   * from the last block. Two identities keep it to a few vector-matrix products whatever n is:
   * <ul>
   *   <li>with k_j = a_j Wk + bk, the score q.k_j equals a_j.(Wk q) + q.bk, and the last term is the same for
   *       every j, so it cancels in the softmax: no key is ever formed;</li>
   *   <li>the probabilities sum to one, so sum_j p_j v_j = (sum_j p_j a_j) Wv + bv: one product instead of n.</li>
   * </ul>
   * Both hold exactly in real arithmetic; in floats the result matches {@link #forward} to rounding.
   */
  void inferLast(float[] x, int n, Scratch s, float[] out) {
    LayerNorm.apply(x, 0, w.gamma1.value, w.beta1.value, s.a, 0, n, d);
    int last = (n - 1) * d;
    Kernels.matmul(s.a, last, w.wq.value, 0, s.query, 0, 1, d, d, false);
    for (int t = 0; t < d; t++) s.query[t] += w.bq.value[t];
    Kernels.matmulTransB(s.query, 0, w.wk.value, 0, s.keyQuery, 0, 1, d, d, false);
    float[] p = s.probabilities;
    float max = Float.NEGATIVE_INFINITY;
    for (int j = 0; j < n; j++) {
      p[j] = scale * Kernels.dot(s.a, j * d, s.keyQuery, 0, d);
      if (p[j] > max) max = p[j];
    }
    float sum = 0f;
    for (int j = 0; j < n; j++) {
      p[j] = (float) Math.exp(p[j] - max);
      sum += p[j];
    }
    float inv = 1f / sum;
    java.util.Arrays.fill(s.mixedInput, 0f);
    for (int j = 0; j < n; j++) {
      float pj = p[j] * inv;
      int aj = j * d;
      for (int t = 0; t < d; t++) s.mixedInput[t] += pj * s.a[aj + t];
    }
    linearRow(s.mixedInput, w.wv.value, w.bv.value, s.lastContext);
    linearRow(s.lastContext, w.wo.value, w.bo.value, s.lastProjected);
    for (int t = 0; t < d; t++) s.lastH[t] = x[last + t] + s.lastProjected[t];
    LayerNorm.apply(s.lastH, 0, w.gamma2.value, w.beta2.value, s.lastC, 0, 1, d);
    linearRow(s.lastC, w.w1.value, w.b1.value, s.lastHidden);
    for (int t = 0; t < d; t++) if (s.lastHidden[t] < 0f) s.lastHidden[t] = 0f;
    linearRow(s.lastHidden, w.w2.value, w.b2.value, out);
    for (int t = 0; t < d; t++) out[t] += s.lastH[t];
  }

  private void linearRow(float[] x, float[] weight, float[] bias, float[] y) {
    Kernels.linear(x, weight, bias, y, 1, d, d);
  }

  /** Accumulates this block's weight gradients and returns the gradient with respect to its input. */
  float[] backward(Cache cache, float[] dOut, int[] offsets) {
    int rows = offsets[offsets.length - 1];
    int n = rows * d;
    // out = h + mask2 * ffn(c): the residual passes dOut straight to h.
    float[] dFfn = new float[n];
    for (int i = 0; i < n; i++) dFfn[i] = dOut[i] * cache.dropMask2[i];
    float[] dHidden = new float[n];
    Kernels.linearBackward(cache.hidden, w.w2.value, dFfn, w.w2.grad, w.b2.grad, dHidden, rows, d, d, false);
    for (int i = 0; i < n; i++) if (cache.hidden[i] <= 0f) dHidden[i] = 0f;
    float[] dC = new float[n];
    Kernels.linearBackward(cache.c, w.w1.value, dHidden, w.w1.grad, w.b1.grad, dC, rows, d, d, false);
    float[] dH = new float[n];
    LayerNorm.backward(cache.ln2, dC, w.gamma2.value, w.gamma2.grad, w.beta2.grad, dH, rows, d);
    for (int i = 0; i < n; i++) dH[i] += dOut[i];

    float[] dProjected = new float[n];
    for (int i = 0; i < n; i++) dProjected[i] = dH[i] * cache.dropMask1[i];
    float[] dContext = new float[n];
    Kernels.linearBackward(cache.context, w.wo.value, dProjected, w.wo.grad, w.bo.grad, dContext, rows, d, d, false);
    float[] dq = new float[n];
    float[] dk = new float[n];
    float[] dv = new float[n];
    for (int s = 0; s + 1 < offsets.length; s++) attendBackward(s, offsets, cache, dContext, dq, dk, dv);
    float[] dA = new float[n];
    Kernels.linearBackward(cache.a, w.wq.value, dq, w.wq.grad, w.bq.grad, dA, rows, d, d, false);
    Kernels.linearBackward(cache.a, w.wk.value, dk, w.wk.grad, w.bk.grad, dA, rows, d, d, true);
    Kernels.linearBackward(cache.a, w.wv.value, dv, w.wv.grad, w.bv.grad, dA, rows, d, d, true);
    float[] dx = new float[n];
    LayerNorm.backward(cache.ln1, dA, w.gamma1.value, w.gamma1.grad, w.beta1.grad, dx, rows, d);
    for (int i = 0; i < n; i++) dx[i] += dH[i];
    return dx;
  }

  private void attendBackward(int s, int[] offsets, Cache cache, float[] dContext, float[] dq, float[] dk,
      float[] dv) {
    int start = offsets[s];
    int len = offsets[s + 1] - start;
    int base = cache.attentionOffset[s];
    float[] p = cache.attention;
    float[] dP = new float[len];
    for (int i = 0; i < len; i++) {
      int row = base + i * len;
      int ci = (start + i) * d;
      float weighted = 0f;
      for (int j = 0; j <= i; j++) {
        int vj = (start + j) * d;
        dP[j] = Kernels.dot(dContext, ci, cache.v, vj, d);
        weighted += dP[j] * p[row + j];
        float pj = p[row + j];
        for (int t = 0; t < d; t++) dv[vj + t] += pj * dContext[ci + t];
      }
      for (int j = 0; j <= i; j++) {
        float dScore = scale * p[row + j] * (dP[j] - weighted);
        int kj = (start + j) * d;
        for (int t = 0; t < d; t++) {
          dq[ci + t] += dScore * cache.k[kj + t];
          dk[kj + t] += dScore * cache.q[ci + t];
        }
      }
    }
  }
}
