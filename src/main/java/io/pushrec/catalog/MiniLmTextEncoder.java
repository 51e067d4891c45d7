package io.pushrec.catalog;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.pushrec.core.TextEncoder;

/**
 * The quantised all-MiniLM-L6-v2 sentence encoder (384-d) run by ONNX Runtime in-process; the model ships inside
 * its Maven artifact. It was trained on English; other scripts, Chinese included, go through its WordPiece
 * vocabulary character by character, so they are encoded but understood far less well. The model is loaded on
 * first use (about 0.3 s, 25 MB); a node warms it at start so that its first new item is not the slow one.
 */
public final class MiniLmTextEncoder implements TextEncoder {
  public static final String NAME = "all-minilm-l6-v2-q";
  private static final int DIMENSION = 384;

  private volatile EmbeddingModel model;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int dimension() {
    return DIMENSION;
  }

  @Override
  public float[] embed(String text) {
    float[] v = model().embed(text).content().vector();
    double norm = 0;
    for (float x : v) norm += x * x;
    // Seen once in 4,385 Amazon titles: the quantised model returned NaN. A vector like that would poison every
    // dot product it takes part in, so it is refused and the item keeps no content vector.
    if (!Double.isFinite(norm)) throw new IllegalStateException("the encoder returned a non-finite vector");
    float scale = norm == 0 ? 0 : (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < v.length; i++) v[i] *= scale;
    return v;
  }

  private EmbeddingModel model() {
    EmbeddingModel m = model;
    if (m == null) {
      synchronized (this) {
        if (model == null) {
          OnnxNatives.load();
          model = new AllMiniLmL6V2QuantizedEmbeddingModel();
        }
        m = model;
      }
    }
    return m;
  }
}
