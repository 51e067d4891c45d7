package io.pushrec.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** All parameters of the encoder, in one fixed order that the weights file follows. */
final class SasRecWeights {
  final SasRecConfig config;
  final Tensor itemEmbeddings;
  final Tensor positionEmbeddings;
  final List<BlockWeights> blocks = new ArrayList<>();
  final Tensor finalGamma;
  final Tensor finalBeta;
  private final List<Tensor> all = new ArrayList<>();

  /** One pre-norm transformer block: single-head causal attention and a ReLU feed-forward of width dim. */
  static final class BlockWeights {
    final Tensor gamma1;
    final Tensor beta1;
    final Tensor wq;
    final Tensor bq;
    final Tensor wk;
    final Tensor bk;
    final Tensor wv;
    final Tensor bv;
    final Tensor wo;
    final Tensor bo;
    final Tensor gamma2;
    final Tensor beta2;
    final Tensor w1;
    final Tensor b1;
    final Tensor w2;
    final Tensor b2;

    private BlockWeights(int index, int d, List<Tensor> all) {
      String p = "block" + index + ".";
      gamma1 = add(all, new Tensor(p + "ln1.gamma", 1, d, false));
      beta1 = add(all, new Tensor(p + "ln1.beta", 1, d, false));
      wq = add(all, new Tensor(p + "wq", d, d, true));
      bq = add(all, new Tensor(p + "bq", 1, d, false));
      wk = add(all, new Tensor(p + "wk", d, d, true));
      bk = add(all, new Tensor(p + "bk", 1, d, false));
      wv = add(all, new Tensor(p + "wv", d, d, true));
      bv = add(all, new Tensor(p + "bv", 1, d, false));
      wo = add(all, new Tensor(p + "wo", d, d, true));
      bo = add(all, new Tensor(p + "bo", 1, d, false));
      gamma2 = add(all, new Tensor(p + "ln2.gamma", 1, d, false));
      beta2 = add(all, new Tensor(p + "ln2.beta", 1, d, false));
      w1 = add(all, new Tensor(p + "w1", d, d, true));
      b1 = add(all, new Tensor(p + "b1", 1, d, false));
      w2 = add(all, new Tensor(p + "w2", d, d, true));
      b2 = add(all, new Tensor(p + "b2", 1, d, false));
    }
  }

  SasRecWeights(SasRecConfig config) {
    this.config = config;
    int d = config.dim();
    itemEmbeddings = add(all, new Tensor("items", config.numItems(), d, true));
    positionEmbeddings = add(all, new Tensor("positions", config.maxLength(), d, true));
    for (int b = 0; b < config.blocks(); b++) blocks.add(new BlockWeights(b, d, all));
    finalGamma = add(all, new Tensor("final.gamma", 1, d, false));
    finalBeta = add(all, new Tensor("final.beta", 1, d, false));
  }

  private static Tensor add(List<Tensor> all, Tensor t) {
    all.add(t);
    return t;
  }

  List<Tensor> tensors() {
    return Collections.unmodifiableList(all);
  }

  /** Gaussian weights scaled by fan-in, unit layer-norm gains, zero biases. */
  void initialise(Random random) {
    int d = config.dim();
    for (Tensor t : all) {
      if (t.name.endsWith("gamma")) {
        java.util.Arrays.fill(t.value, 1f);
      } else if (t.decays) {
        double std = t == itemEmbeddings || t == positionEmbeddings ? 1.0 / Math.sqrt(d) : Math.sqrt(1.0 / d);
        for (int i = 0; i < t.value.length; i++) t.value[i] = (float) (random.nextGaussian() * std);
      }
    }
  }
}
