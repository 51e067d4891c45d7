package io.pushrec.catalog;

import io.pushrec.core.CatalogItem;
import io.pushrec.core.TextEncoder;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    try (DataOutputStream append = cache == null ? null : new DataOutputStream(new BufferedOutputStream(
        Files.newOutputStream(cache, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND)))) {
      for (int i = 0; i < items.size(); i++) {
        String text = TextEncoder.textOf(items.get(i));
        String key = encoder.name() + "\n" + text;
        float[] v = cached.get(key);
        if (v == null) {
          v = text.isEmpty() ? new float[encoder.dimension()] : encoder.embed(text);
          cached.put(key, v);
          if (append != null) write(append, key, v);
          if (++encoded % 500 == 0) progress.accept(encoded);
        }
        out[i] = v;
      }
    }
    return out;
  }

  private static Map<String, float[]> read(Path cache, TextEncoder encoder) throws IOException {
    Map<String, float[]> cached = new HashMap<>();
    if (cache == null || !Files.isRegularFile(cache)) return cached;
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(cache)))) {
      while (true) {
        String key;
        try {
          key = in.readUTF();
        } catch (EOFException end) {
          return cached;
        }
        float[] v = new float[in.readInt()];
        for (int i = 0; i < v.length; i++) v[i] = in.readFloat();
        if (key.startsWith(encoder.name() + "\n")) cached.put(key, v);
      }
    }
  }

  private static void write(DataOutputStream out, String key, float[] v) throws IOException {
    out.writeUTF(key);
    out.writeInt(v.length);
    for (float x : v) out.writeFloat(x);
  }
}
