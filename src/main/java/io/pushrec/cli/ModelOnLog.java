package io.pushrec.cli;

import io.pushrec.core.FusionModel;
import io.pushrec.core.ItemIndex;
import io.pushrec.core.SequenceScorer;
import java.util.Arrays;

/**
 * A saved model scoring a log whose items are indexed differently: histories are translated to the
 * model's indices and scores back to the log's. Items the model never saw score -infinity, so they rank
 * last (ties count against the target, so an unknown target is a miss, as it would be when serving).
 */
final class ModelOnLog implements SequenceScorer {
  private final FusionModel model;
  /** Model index of each log item, or -1. */
  private final int[] toModel;
  private final ThreadLocal<float[]> modelScores;

  private ModelOnLog(FusionModel model, int[] toModel) {
    this.model = model;
    this.toModel = toModel;
    this.modelScores = ThreadLocal.withInitial(() -> new float[model.numItems()]);
  }

  static SequenceScorer adapt(FusionModel model, ItemIndex logItems) {
    if (model.items().ids().equals(logItems.ids())) return model;
    int[] toModel = new int[logItems.size()];
    for (int i = 0; i < toModel.length; i++) toModel[i] = model.items().indexOf(logItems.idOf(i));
    return new ModelOnLog(model, toModel);
  }

  @Override
  public int numItems() {
    return toModel.length;
  }

  @Override
  public void scoreAll(int[] history, float[] out) {
    int[] translated = new int[history.length];
    int n = 0;
    for (int h : history) {
      if (toModel[h] >= 0) translated[n++] = toModel[h];
    }
    float[] scores = modelScores.get();
    model.scoreAll(Arrays.copyOf(translated, n), scores);
    for (int i = 0; i < toModel.length; i++) out[i] = toModel[i] >= 0 ? scores[toModel[i]] : Float.NEGATIVE_INFINITY;
  }
}
