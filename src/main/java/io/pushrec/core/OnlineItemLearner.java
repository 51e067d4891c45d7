package io.pushrec.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Moves item vectors with the shop: for each (recent items, next item) it takes one small Adam step on the vectors
 * involved, so that the item a user went to next scores higher against that user's profile.
 *
 * <p>The model is exactly what {@link ItemVectorScorer} serves: the profile is the recency-weighted sum of the
 * recent items' vectors ({@link ItemVectorScorer#profileItems}) and an item's score is its dot product with it, so
 * one table is both the profile's input and the ranking's output and both sides get a gradient.
 *
 * <p>The loss is a sampled softmax over the next item and a few negatives drawn uniformly from the catalogue's
 * vectors: with several negatives the gradient goes mostly to the negatives that currently outrank the next item
 * (BPR with one negative spends its step on whichever it drew), and it is the objective the trained sequence model
 * optimises, so online steps refine that model's space rather than pull it towards another one. Uniform
 * negatives need no popularity counts; recent items are never negatives because serving never recommends them.
 *
 * <p>Units: catalogue vectors come from different sources (a trained model, co-occurrence factors, text
 * projections) at very different norms, so the learner measures the base table once: logits are dot products
 * divided by the mean squared row norm, and the learning rate is a fraction of the root-mean-square coordinate.
 * The same learning rate then means the same relative step whatever the vectors' scale.
 *
 * <p>Memory is bounded: the learner keeps a vector and Adam moments only for the {@code maxTrackedItems} items it
 * touched most recently (least recently used forgotten first; a forgotten item starts again from its catalogue
 * vector with fresh moments), plus the changed vectors not yet taken by {@link #drainChanged}. Untouched items
 * are read from the catalogue table and never copied. Negatives are drawn from a {@link Random} seeded once, so
 * the same inputs give the same vectors. Not thread-safe: one learner belongs to one actor or one loop.
 */
public final class OnlineItemLearner {
  static final double BETA1 = 0.9;
  static final double BETA2 = 0.999;
  static final double EPSILON = 1e-8;
  /** Rows sampled to measure the base table's scale. */
  static final int SCALE_SAMPLE = 1_000;

  /**
   * @param learningRate Adam step as a fraction of the base vectors' root-mean-square coordinate; 0 learns nothing
   * @param negatives items drawn per example to contrast with the next item
   * @param maxTrackedItems items whose vector and moments are kept between steps
   */
  public record Settings(double learningRate, int negatives, int maxTrackedItems, long seed) {
    public Settings {
      if (learningRate < 0) throw new IllegalArgumentException("learning rate must be >= 0");
      if (negatives < 1) throw new IllegalArgumentException("at least one negative");
      int perStep = ItemVectorScorer.SEED_ITEMS + negatives + 1;
      if (maxTrackedItems < 2 * perStep) {
        throw new IllegalArgumentException("max tracked items must be at least " + 2 * perStep);
      }
    }
  }

  /**
   * @param loss the sampled-softmax loss before the step
   * @param updated the items whose vectors the step changed
   */
  public record Step(double loss, List<String> updated) {
    static final Step SKIPPED = new Step(Double.NaN, List.of());

    public boolean skipped() {
      return updated.isEmpty();
    }
  }

  private static final class Tracked {
    final float[] vector;
    final float[] m;
    final float[] v;
    int steps;

    Tracked(float[] vector) {
      this.vector = vector;
      this.m = new float[vector.length];
      this.v = new float[vector.length];
    }
  }

  private final Settings settings;
  private final int dimension;
  private final Random random;
  private final LinkedHashMap<String, Tracked> tracked;
  /** Changed since the last drain, oldest change first; the arrays are the tracked vectors themselves. */
  private final LinkedHashMap<String, float[]> changed = new LinkedHashMap<>();
  private double squaredNorm = Double.NaN;
  private long examples;

  public OnlineItemLearner(Settings settings, int dimension) {
    this.settings = settings;
    this.dimension = dimension;
    this.random = new Random(settings.seed());
    this.tracked = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Tracked> eldest) {
        return size() > settings.maxTrackedItems();
      }
    };
  }

  public int dimension() {
    return dimension;
  }

  /** Examples learned from (not skipped) since this learner was created. */
  public long examples() {
    return examples;
  }

  public int trackedItems() {
    return tracked.size();
  }

  public int changedItems() {
    return changed.size();
  }

  /**
   * Learns from one user going to {@code next} after {@code recent}. Skipped (nothing changes) when the learning
   * rate is 0, when {@code next} is among the recent items (serving never recommends those), when the base table
   * is of another dimension or too small to draw a negative from.
   *
   * @param recent the user's item ids before {@code next}, oldest first
   * @param base the catalogue's current vectors: the starting point of every item not tracked, and the negatives
   */
  public Step learn(List<String> recent, String next, VectorTable base) {
    if (settings.learningRate() == 0 || recent.isEmpty() || base.dimension() != dimension) return Step.SKIPPED;
    List<ItemVectorScorer.ProfileItem> profileItems = ItemVectorScorer.profileItems(recent);
    Set<String> excluded = new HashSet<>();
    for (ItemVectorScorer.ProfileItem p : profileItems) excluded.add(p.itemId());
    if (!excluded.add(next)) return Step.SKIPPED;
    List<String> candidates = new ArrayList<>(settings.negatives() + 1);
    candidates.add(next);
    for (int attempt = 0; attempt < 4 * settings.negatives() && candidates.size() <= settings.negatives(); attempt++) {
      String negative = base.idOf(random.nextInt(base.size()));
      if (excluded.add(negative)) candidates.add(negative);
    }
    if (candidates.size() < 2) return Step.SKIPPED;
    if (Double.isNaN(squaredNorm)) squaredNorm = meanSquaredNorm(base);

    Tracked[] inputs = new Tracked[profileItems.size()];
    float[] profile = new float[dimension];
    for (int j = 0; j < inputs.length; j++) {
      inputs[j] = track(profileItems.get(j).itemId(), base);
      axpy(profileItems.get(j).weight(), inputs[j].vector, profile);
    }
    Tracked[] outputs = new Tracked[candidates.size()];
    double[] logits = new double[outputs.length];
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < outputs.length; i++) {
      outputs[i] = track(candidates.get(i), base);
      logits[i] = dot(outputs[i].vector, profile) / squaredNorm;
      max = Math.max(max, logits[i]);
    }
    double sum = 0;
    for (int i = 0; i < logits.length; i++) sum += Math.exp(logits[i] - max);
    double loss = Math.log(sum) + max - logits[0];

    // d loss / d logit_i = softmax_i - [i is next]; the logit is (profile · v_i) / squaredNorm.
    float[] profileGradient = new float[dimension];
    float[][] outputGradients = new float[outputs.length][];
    for (int i = 0; i < outputs.length; i++) {
      double dLogit = (Math.exp(logits[i] - max) / sum - (i == 0 ? 1 : 0)) / squaredNorm;
      outputGradients[i] = new float[dimension];
      axpy((float) dLogit, profile, outputGradients[i]);
      axpy((float) dLogit, outputs[i].vector, profileGradient);
    }
    float[][] inputGradients = new float[inputs.length][dimension];
    for (int j = 0; j < inputs.length; j++) axpy(profileItems.get(j).weight(), profileGradient, inputGradients[j]);

    List<String> updated = new ArrayList<>(inputs.length + outputs.length);
    for (int i = 0; i < outputs.length; i++) {
      adam(outputs[i], outputGradients[i]);
      updated.add(candidates.get(i));
    }
    for (int j = 0; j < inputs.length; j++) {
      adam(inputs[j], inputGradients[j]);
      updated.add(profileItems.get(j).itemId());
    }
    for (String id : updated) changed.put(id, tracked.get(id).vector);
    examples++;
    return new Step(loss, updated);
  }

  /** The item's current vector (a copy): learned if this learner changed it, else the catalogue's; null if none. */
  public float[] vector(String itemId, VectorTable base) {
    Tracked t = tracked.get(itemId);
    if (t != null) return t.vector.clone();
    float[] pending = changed.get(itemId);
    if (pending != null) return pending.clone();
    return base.dimension() == dimension ? base.vector(itemId) : null;
  }

  /** Up to {@code max} changed vectors (copies), oldest change first; they no longer count as changed. */
  public Map<String, float[]> drainChanged(int max) {
    Map<String, float[]> out = new LinkedHashMap<>();
    Iterator<Map.Entry<String, float[]>> it = changed.entrySet().iterator();
    while (it.hasNext() && out.size() < max) {
      Map.Entry<String, float[]> e = it.next();
      out.put(e.getKey(), e.getValue().clone());
      it.remove();
    }
    return out;
  }

  private Tracked track(String itemId, VectorTable base) {
    Tracked t = tracked.get(itemId);
    if (t != null) return t;
    // Forgotten but not yet published: continue from the learned vector, not the catalogue's older one.
    float[] start = changed.get(itemId);
    if (start == null) start = base.vector(itemId);
    // An item without a vector (new, no text projection) starts at the origin: scored 0 until behaviour moves it.
    t = new Tracked(start == null ? new float[dimension] : start.clone());
    tracked.put(itemId, t);
    return t;
  }

  private void adam(Tracked t, float[] gradient) {
    t.steps++;
    double correction1 = 1 - Math.pow(BETA1, t.steps);
    double correction2 = 1 - Math.pow(BETA2, t.steps);
    double step = settings.learningRate() * Math.sqrt(squaredNorm / dimension);
    for (int i = 0; i < dimension; i++) {
      float g = gradient[i];
      t.m[i] = (float) (BETA1 * t.m[i] + (1 - BETA1) * g);
      t.v[i] = (float) (BETA2 * t.v[i] + (1 - BETA2) * g * g);
      double mHat = t.m[i] / correction1;
      double vHat = t.v[i] / correction2;
      t.vector[i] -= (float) (step * mHat / (Math.sqrt(vHat) + EPSILON));
    }
  }

  /** Mean squared row norm over an evenly spaced sample of rows; 1 for an all-zero table. */
  private static double meanSquaredNorm(VectorTable base) {
    int rows = Math.min(SCALE_SAMPLE, base.size());
    double sum = 0;
    float[] v = new float[base.dimension()];
    for (int k = 0; k < rows; k++) {
      int row = (int) ((long) k * base.size() / rows);
      Arrays.fill(v, 0);
      base.addTo(row, 1, v);
      sum += dot(v, v);
    }
    return sum > 0 ? sum / rows : 1;
  }

  private static void axpy(float a, float[] x, float[] y) {
    for (int i = 0; i < y.length; i++) y[i] += a * x[i];
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }
}
