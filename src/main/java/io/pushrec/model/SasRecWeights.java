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

    private BlockWeights(int index, int d, Maker maker) {
      String p = "block" + index + ".";
      gamma1 = maker.make(new Tensor(p + "ln1.gamma", 1, d, false));
      beta1 = maker.make(new Tensor(p + "ln1.beta", 1, d, false));
      wq = maker.make(new Tensor(p + "wq", d, d, true));
      bq = maker.make(new Tensor(p + "bq", 1, d, false));
      wk = maker.make(new Tensor(p + "wk", d, d, true));
      bk = maker.make(new Tensor(p + "bk", 1, d, false));
      wv = maker.make(new Tensor(p + "wv", d, d, true));
      bv = maker.make(new Tensor(p + "bv", 1, d, false));
      wo = maker.make(new Tensor(p + "wo", d, d, true));
      bo = maker.make(new Tensor(p + "bo", 1, d, false));
      gamma2 = maker.make(new Tensor(p + "ln2.gamma", 1, d, false));
      beta2 = maker.make(new Tensor(p + "ln2.beta", 1, d, false));
      w1 = maker.make(new Tensor(p + "w1", d, d, true));
      b1 = maker.make(new Tensor(p + "b1", 1, d, false));
      w2 = maker.make(new Tensor(p + "w2", d, d, true));
      b2 = maker.make(new Tensor(p + "b2", 1, d, false));
    }
  }

  SasRecWeights(SasRecConfig config) {
    this(config, null);
  }

  /** Weights that share their values with source but keep their own gradients, for a second worker thread. */
  static SasRecWeights sharingValues(SasRecWeights source) {
    return new SasRecWeights(source.config, source);
  }

  /** Creates each tensor, or a gradient-only view of the source's tensor in the same place. */
  private interface Maker {
    Tensor make(Tensor fresh);
  }

  private SasRecWeights(SasRecConfig config, SasRecWeights source) {
    this.config = config;
    Maker maker = fresh -> {
      Tensor t = source == null ? fresh : new Tensor(source.all.get(this.all.size()));
      this.all.add(t);
      return t;
    };
    int d = config.dim();
    itemEmbeddings = maker.make(new Tensor("items", config.numItems(), d, true));
    positionEmbeddings = maker.make(new Tensor("positions", config.maxLength(), d, true));
    for (int b = 0; b < config.blocks(); b++) blocks.add(new BlockWeights(b, d, maker));
    finalGamma = maker.make(new Tensor("final.gamma", 1, d, false));
    finalBeta = maker.make(new Tensor("final.beta", 1, d, false));
  }

  List<Tensor> tensors() {
    return Collections.unmodifiableList(all);
  }

  /**
   * Gaussian weights scaled by fan-in, unit layer-norm gains, zero biases. The projections that write into the
   * residual stream start ten times smaller, so a fresh encoder passes the last item's embedding through almost
   * unchanged (what makes a co-occurrence initialisation of the item table useful from the first step).
   */
  void initialise(Random random) {
    int d = config.dim();
    for (Tensor t : all) {
      if (t.name.endsWith("gamma")) {
        java.util.Arrays.fill(t.value, 1f);
      } else if (t.decays) {
        double std = Math.sqrt(1.0 / d);
        if (t == positionEmbeddings) std = 0.02;
        if (t.name.endsWith(".wo") || t.name.endsWith(".w2")) std *= 0.1;
        for (int i = 0; i < t.value.length; i++) t.value[i] = (float) (random.nextGaussian() * std);
      }
    }
  }
}
