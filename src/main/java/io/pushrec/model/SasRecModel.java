package io.pushrec.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pushrec.core.ItemIndex;
import io.pushrec.core.ComponentLoader;
import io.pushrec.core.SavableScorer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained SASRec: encodes a history into a user vector and scores the catalogue by dot product with the
 * item embeddings. Its files in a model directory all start with the component name ("sasrec." by default),
 * so it can sit beside other components of a fusion model: {@code NAME.json} (shape and training metadata),
 * {@code NAME.items.txt} (external item ids in index order) and {@code NAME.weights.bin}.
 */
public final class SasRecModel implements SavableScorer {
  public static final String DEFAULT_NAME = "sasrec";
  private static final String FORMAT = "pushrec-sasrec-1";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final ItemIndex items;
  private final SasRecWeights weights;
  private final SasRecEncoder encoder;
  private final Map<String, Object> metadata;
  private final ThreadLocal<float[]> userVector;
  /** A copy of the item embeddings for scoring; see {@link #scoreAll(float[], float[])}. */
  private final float[][] columns;

  /**
   * Scoring reads a copy of the item embeddings made here, so a model built over weights that training goes on
   * changing scores with the item table of its construction: the trainer builds a new one to evaluate each epoch.
   */
  SasRecModel(ItemIndex items, SasRecWeights weights, Map<String, Object> metadata) {
    if (items.size() != weights.config.numItems()) throw new IllegalArgumentException("item index does not match");
    this.items = items;
    this.weights = weights;
    this.encoder = new SasRecEncoder(weights);
    this.metadata = Map.copyOf(metadata);
    this.userVector = ThreadLocal.withInitial(() -> new float[weights.config.dim()]);
    this.columns = columnsOf(weights);
  }

  public SasRecConfig config() {
    return weights.config;
  }

  SasRecWeights weights() {
    return weights;
  }

  public ItemIndex items() {
    return items;
  }

  /** A copy of the learned item embeddings, row-major: item index × {@code config().dim()}. */
  public float[] itemEmbeddings() {
    return weights.itemEmbeddings.value.clone();
  }

  /** What training recorded: data file, epochs, validation NDCG@10, time. */
  public Map<String, Object> metadata() {
    return metadata;
  }

  @Override
  public int numItems() {
    return items.size();
  }

  /**
   * The user vector after the history's newest item (oldest first; indices outside the catalogue are skipped,
   * the last maxLength others are used): the training network's output at that position, without dropout.
   */
  public float[] encode(int[] history) {
    float[] user = new float[weights.config.dim()];
    encoder.encode(history, user);
    return user;
  }

  /**
   * Dot product of the user vector with every item embedding: the exact scores SASRec ranks by. It runs down the
   * item columns, adding four user-weighted columns to the scores at a time: each step is the same operation on
   * consecutive items, which the JIT turns into vector instructions, where dot products row by row stay scalar
   * (it keeps a float sum in order). About four times faster on 23,715 items x 64 (docs/model.md).
   */
  public void scoreAll(float[] userVector, float[] out) {
    int n = numItems();
    int d = columns.length;
    Arrays.fill(out, 0, n, 0f);
    int t = 0;
    for (; t + 3 < d; t += 4) {
      addColumns(userVector[t], columns[t], userVector[t + 1], columns[t + 1], userVector[t + 2], columns[t + 2],
          userVector[t + 3], columns[t + 3], out, n);
    }
    for (; t < d; t++) {
      float u = userVector[t];
      float[] column = columns[t];
      for (int i = 0; i < n; i++) out[i] += u * column[i];
    }
  }

  // Separate arrays indexed from 0: with offsets into one array the JIT does not vectorise the loop.
  private static void addColumns(float u0, float[] c0, float u1, float[] c1, float u2, float[] c2, float u3,
      float[] c3, float[] out, int n) {
    for (int i = 0; i < n; i++) out[i] += u0 * c0[i] + u1 * c1[i] + u2 * c2[i] + u3 * c3[i];
  }

  float[][] columns() {
    return columns;
  }

  /** The item table by dimension: columns[t][i] is item i's t-th embedding value. */
  private static float[][] columnsOf(SasRecWeights weights) {
    int d = weights.config.dim();
    int n = weights.config.numItems();
    float[] table = weights.itemEmbeddings.value;
    float[][] columns = new float[d][n];
    for (int i = 0; i < n; i++) {
      for (int t = 0; t < d; t++) columns[t][i] = table[i * d + t];
    }
    return columns;
  }

  @Override
  public void scoreAll(int[] history, float[] out) {
    float[] user = userVector.get();
    encoder.encode(history, user);
    scoreAll(user, out);
  }

  public void save(Path dir) throws IOException {
    save(dir, DEFAULT_NAME);
  }

  @Override
  public String kind() {
    return DEFAULT_NAME;
  }

  /** Reads a SASRec component of a fusion model directory (registered in META-INF/services). */
  public static final class Loader implements ComponentLoader {
    @Override
    public String kind() {
      return DEFAULT_NAME;
    }

    @Override
    public SavableScorer load(Path dir, String name, ItemIndex items) throws IOException {
      SasRecModel model = SasRecModel.load(dir, name);
      if (!model.items().ids().equals(items.ids())) {
        throw new IOException(dir.resolve(name + ".items.txt") + ": items differ from the model directory's");
      }
      return model;
    }
  }

  /** Writes NAME.json, NAME.items.txt and NAME.weights.bin into dir (created if missing). */
  @Override
  public void save(Path dir, String name) throws IOException {
    Files.createDirectories(dir);
    SasRecConfig c = weights.config;
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("format", FORMAT);
    json.put("numItems", c.numItems());
    json.put("dim", c.dim());
    json.put("maxLength", c.maxLength());
    json.put("blocks", c.blocks());
    json.put("dropout", c.dropout());
    json.put("itemsFile", name + ".items.txt");
    json.put("weightsFile", name + ".weights.bin");
    json.put("training", metadata);
    JSON.writeValue(dir.resolve(name + ".json").toFile(), json);
    Files.write(dir.resolve(name + ".items.txt"), items.ids(), StandardCharsets.UTF_8);
    writeWeights(dir.resolve(name + ".weights.bin"));
  }

  public static SasRecModel load(Path dir) throws IOException {
    return load(dir, DEFAULT_NAME);
  }

  @SuppressWarnings("unchecked")
  public static SasRecModel load(Path dir, String name) throws IOException {
    Map<String, Object> json = JSON.readValue(dir.resolve(name + ".json").toFile(), Map.class);
    if (!FORMAT.equals(json.get("format"))) throw new IOException(dir + ": not a " + FORMAT + " model");
    SasRecConfig config = new SasRecConfig(((Number) json.get("numItems")).intValue(),
        ((Number) json.get("dim")).intValue(), ((Number) json.get("maxLength")).intValue(),
        ((Number) json.get("blocks")).intValue(), ((Number) json.get("dropout")).floatValue());
    List<String> ids = Files.readAllLines(dir.resolve(name + ".items.txt"), StandardCharsets.UTF_8);
    SasRecWeights weights = new SasRecWeights(config);
    readWeights(dir.resolve(name + ".weights.bin"), weights);
    Object training = json.get("training");
    return new SasRecModel(ItemIndex.of(ids), weights,
        training instanceof Map ? (Map<String, Object>) training : Map.of());
  }

  /** Little-endian: tensor count, then per tensor its name, rows, cols and values, checked on load. */
  private void writeWeights(Path file) throws IOException {
    List<Tensor> tensors = weights.tensors();
    int bytes = 4;
    for (Tensor t : tensors) bytes += 4 + t.name.getBytes(StandardCharsets.UTF_8).length + 8 + 4 * t.size();
    ByteBuffer buf = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    buf.putInt(tensors.size());
    for (Tensor t : tensors) {
      byte[] nameBytes = t.name.getBytes(StandardCharsets.UTF_8);
      buf.putInt(nameBytes.length).put(nameBytes).putInt(t.rows).putInt(t.cols);
      buf.asFloatBuffer().put(t.value);
      buf.position(buf.position() + 4 * t.size());
    }
    Files.write(file, buf.array());
  }

  private static void readWeights(Path file, SasRecWeights weights) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    List<Tensor> tensors = weights.tensors();
    if (buf.getInt() != tensors.size()) throw new IOException(file + ": tensor count does not match the config");
    for (Tensor t : tensors) {
      byte[] nameBytes = new byte[buf.getInt()];
      buf.get(nameBytes);
      String name = new String(nameBytes, StandardCharsets.UTF_8);
      if (!name.equals(t.name) || buf.getInt() != t.rows || buf.getInt() != t.cols) {
        throw new IOException(file + ": expected tensor " + t.name + " [" + t.rows + "x" + t.cols + "] but found " + name);
      }
      buf.asFloatBuffer().get(t.value);
      buf.position(buf.position() + 4 * t.size());
    }
  }
}
