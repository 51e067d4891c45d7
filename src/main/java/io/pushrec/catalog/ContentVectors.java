package io.pushrec.catalog;

import io.pushrec.core.CatalogItem;
import io.pushrec.core.TextEncoder;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Content vectors of a whole catalogue for offline fitting, cached in a file keyed by encoder and text: encoding
 * thousands of titles takes minutes on a laptop CPU, and a re-run with the same catalogue should take seconds.
 */
public final class ContentVectors {
  private ContentVectors() {}

  /** @return one vector per item, in order; zeros for an item with no text */
  public static float[][] encode(List<CatalogItem> items, TextEncoder encoder, Path cache, IntConsumer progress)
      throws IOException {
    Map<String, float[]> cached = read(cache, encoder);
    float[][] out = new float[items.size()][];
    int encoded = 0;
    for (int i = 0; i < items.size(); i++) {
      String text = TextEncoder.textOf(items.get(i));
      String key = encoder.name() + "\n" + text;
      float[] v = cached.get(key);
      if (v == null) {
        v = text.isEmpty() ? new float[encoder.dimension()] : embedOrZero(encoder, text);
        cached.put(key, v);
        if (++encoded % 500 == 0) {
          progress.accept(encoded);
          write(cache, cached);
        }
      }
      out[i] = v;
    }
    if (encoded > 0) write(cache, cached);
    return out;
  }

  /** A text the encoder cannot encode is treated as no text: a zero vector, which no fit or score counts. */
  private static float[] embedOrZero(TextEncoder encoder, String text) {
    try {
      return encoder.embed(text);
    } catch (IllegalStateException e) {
      System.err.println("  not encoded (" + e.getMessage() + "): " + text);
      return new float[encoder.dimension()];
    }
  }

  private static boolean isFinite(float[] v) {
    for (float x : v) if (!Float.isFinite(x)) return false;
    return true;
  }

  private static Map<String, float[]> read(Path cache, TextEncoder encoder) throws IOException {
    Map<String, float[]> cached = new HashMap<>();
    if (cache == null || !Files.isRegularFile(cache)) return cached;
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(cache)))) {
      while (true) {
        String key = in.readUTF();
        float[] v = new float[in.readInt()];
        for (int i = 0; i < v.length; i++) v[i] = in.readFloat();
        if (key.startsWith(encoder.name() + "\n") && isFinite(v)) cached.put(key, v);
      }
    } catch (EOFException | UTFDataFormatException end) {
      // The end, or a file cut short: what came before is whole, and the next write replaces the file.
      return cached;
    }
  }

  /** Replaces the whole file at once, so an interrupted run never leaves half a record behind. */
  private static void write(Path cache, Map<String, float[]> vectors) throws IOException {
    if (cache == null) return;
    Path tmp = cache.resolveSibling(cache.getFileName() + ".tmp");
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
      for (Map.Entry<String, float[]> e : vectors.entrySet()) {
        out.writeUTF(e.getKey());
        out.writeInt(e.getValue().length);
        for (float x : e.getValue()) out.writeFloat(x);
      }
    }
    Files.move(tmp, cache, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
