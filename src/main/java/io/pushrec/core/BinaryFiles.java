package io.pushrec.core;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/** Model files start with a tag and a format number so that a node refuses a file it would misread. */
final class BinaryFiles {
  private BinaryFiles() {}

  static DataOutputStream create(Path file, String tag, int format) throws IOException {
    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
    out.writeUTF("pushrec:" + tag);
    out.writeInt(format);
    return out;
  }

  static DataInputStream open(Path file, String tag, int format) throws IOException {
    DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
    try {
      String found = in.readUTF();
      int foundFormat = in.readInt();
      if (!found.equals("pushrec:" + tag) || foundFormat != format) {
        throw new IOException(file + ": expected pushrec:" + tag + " format " + format + ", found " + found
            + " format " + foundFormat);
      }
      return in;
    } catch (IOException e) {
      in.close();
      throw e;
    }
  }

  /** Bulk reads: a value at a time through DataInputStream is ten times slower on a 20 MB neighbour file. */
  static int[] readInts(DataInputStream in, int n) throws IOException {
    int[] out = new int[n];
    ByteBuffer.wrap(readFully(in, n)).asIntBuffer().get(out);
    return out;
  }

  static float[] readFloats(DataInputStream in, int n) throws IOException {
    float[] out = new float[n];
    ByteBuffer.wrap(readFully(in, n)).asFloatBuffer().get(out);
    return out;
  }

  private static byte[] readFully(DataInputStream in, int n) throws IOException {
    byte[] bytes = new byte[Math.multiplyExact(n, 4)];
    in.readFully(bytes);
    return bytes;
  }

  /** A count written by the saver, checked against what the model directory's item index says. */
  static int readCount(DataInputStream in, int expected) throws IOException {
    int n = in.readInt();
    if (n != expected) throw new IOException("file is for " + n + " items, the model has " + expected);
    return n;
  }
}
