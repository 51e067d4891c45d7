package io.pushrec.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a behaviour log into each user's item sequence, in time order. */
public final class InteractionLog {
  public enum Format {
    /** One interaction per line: {@code USER ITEM}, each user's lines in time order. */
    SASREC,
    /** One user per line: {@code USER ITEM1 ITEM2 ...} in time order. */
    S3REC
  }

  private InteractionLog() {}

  public static Map<String, List<String>> read(Path file, Format format) throws IOException {
    Map<String, List<String>> sequences = new LinkedHashMap<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int lineNo = 0;
      while ((line = in.readLine()) != null) {
        lineNo++;
        String trimmed = line.trim();
        if (trimmed.isEmpty()) continue;
        String[] parts = trimmed.split("\\s+");
        if (parts.length < 2 || (format == Format.SASREC && parts.length != 2)) {
          throw new IOException(file + ":" + lineNo + ": expected " + expected(format) + " but got '" + line + "'");
        }
        List<String> seq = sequences.computeIfAbsent(parts[0], u -> new ArrayList<>());
        for (int i = 1; i < parts.length; i++) seq.add(parts[i]);
      }
    }
    return sequences;
  }

  private static String expected(Format format) {
    return format == Format.SASREC ? "'USER ITEM'" : "'USER ITEM1 ITEM2 ...'";
  }
}
