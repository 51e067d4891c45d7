package io.pushrec.catalog;

import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads ONNX Runtime's native libraries without leaving copies of them on disk. Left to itself, ONNX Runtime 1.20
 * copies its two libraries out of its jar into a new {@code onnxruntime-java*} directory of the temporary folder at
 * every start and never deletes them: 16 MB a start, so a node restarted now and then, or a test run, slowly fills
 * {@code /tmp} (87 such directories, 1.4 GB, had piled up on the development machine). Here the libraries are
 * copied to a directory of ours, loaded from there through ONNX Runtime's own {@code onnxruntime.native.path}
 * setting, and deleted at once: the loaded code stays mapped after its file is gone. ONNX Runtime's own directory
 * then stays empty, and it removes that itself.
 */
final class OnnxNatives {
  private static final List<String> LIBRARIES = List.of("onnxruntime", "onnxruntime4j_jni");
  private static final String NATIVE_PATH = "onnxruntime.native.path";
  private static boolean loaded;

  private OnnxNatives() {}

  /** Loads the libraries once per JVM; later calls do nothing. */
  static synchronized void load() {
    if (loaded) return;
    String resourceDir = resourceDir();
    // An operator's own library path, or a platform whose libraries the jar does not carry: ONNX Runtime decides.
    if (System.getProperty(NATIVE_PATH) != null || resourceDir == null) {
      OrtEnvironment.getEnvironment();
      loaded = true;
      return;
    }
    try {
      Path dir = Files.createTempDirectory("pushrec-onnxruntime");
      try {
        for (String library : LIBRARIES) {
          String file = System.mapLibraryName(library);
          try (InputStream in = OrtEnvironment.class.getResourceAsStream(resourceDir + file)) {
            Files.copy(in, dir.resolve(file));
          }
        }
        System.setProperty(NATIVE_PATH, dir.toString());
        OrtEnvironment.getEnvironment();
        loaded = true;
      } finally {
        System.clearProperty(NATIVE_PATH);
        for (String library : LIBRARIES) Files.deleteIfExists(dir.resolve(System.mapLibraryName(library)));
        Files.deleteIfExists(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not load ONNX Runtime's native libraries", e);
    }
  }

  /** Where the jar keeps this platform's libraries, or null: only Linux on x86-64 is handled, as ND4J's are. */
  private static String resourceDir() {
    String arch = System.getProperty("os.arch", "");
    boolean linuxX64 = System.getProperty("os.name", "").toLowerCase().contains("linux")
        && (arch.equals("amd64") || arch.equals("x86_64"));
    String dir = "/ai/onnxruntime/native/linux-x64/";
    if (!linuxX64) return null;
    for (String library : LIBRARIES) {
      if (OrtEnvironment.class.getResource(dir + System.mapLibraryName(library)) == null) return null;
    }
    return dir;
  }
}
