package io.pushrec.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Loads the real ONNX model once (it ships in the Maven artifact) and encodes English and Chinese text. */
class MiniLmTextEncoderTest {
  static final MiniLmTextEncoder ENCODER = new MiniLmTextEncoder();

  static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }

  static void assertUnit(float[] v) {
    assertEquals(ENCODER.dimension(), v.length);
    assertEquals(1.0, dot(v, v), 1e-4);
  }

  @Test
  void similarProductTitlesAreCloserThanUnrelatedOnes() {
    float[] glue = ENCODER.embed("Gorilla Original Gorilla Glue, Waterproof Polyurethane Glue, 8 ounce Bottle");
    float[] adhesive = ENCODER.embed("Titebond III Ultimate Wood Glue, waterproof adhesive");
    float[] filament = ENCODER.embed("eSUN PLA 3D printer filament 1.75mm, 1kg spool");
    assertUnit(glue);
    assertTrue(dot(glue, adhesive) > dot(glue, filament) + 0.1,
        "glue~adhesive " + dot(glue, adhesive) + " vs glue~filament " + dot(glue, filament));
  }

  @Test
  void chineseTextIsEncodedToo() {
    long started = System.nanoTime();
    float[] glue = ENCODER.embed("强力防水胶水，适用于木材和金属");
    float[] printer = ENCODER.embed("3D打印机耗材，直径1.75毫米");
    System.out.printf("ENCODER two Chinese titles in %.0f ms%n", (System.nanoTime() - started) / 1e6);
    assertUnit(glue);
    assertUnit(printer);
    assertTrue(dot(glue, printer) < 0.999, "different Chinese texts get different vectors");
  }

  @Test
  void leavesNoCopyOfItsNativeLibrariesOnDisk() throws IOException {
    Path maps = Path.of("/proc/self/maps");
    assumeTrue(Files.exists(maps), "needs Linux's view of the libraries a process has loaded");
    ENCODER.embed("Gorilla Glue");
    List<String> loaded = Files.readAllLines(maps).stream()
        .filter(line -> line.contains("onnxruntime") && line.contains("/"))
        .map(line -> line.substring(line.indexOf('/')).replace(" (deleted)", ""))
        .distinct().toList();
    assertFalse(loaded.isEmpty(), "ONNX Runtime's libraries are loaded");
    for (String file : loaded) assertFalse(Files.exists(Path.of(file)), file + " is left on disk");
  }
}
