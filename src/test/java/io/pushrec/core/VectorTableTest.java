package io.pushrec.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class VectorTableTest {
  static VectorTable.Row row(String id, long version, float... v) {
    return new VectorTable.Row(id, v, version);
  }

  @Test
  void addsAndReplacesRowsWithoutTouchingTheOldTable() {
    VectorTable v1 = VectorTable.empty(2).with(List.of(row("a", 1, 1, 2), row("b", 1, 3, 4)));
    VectorTable v2 = v1.with(List.of(row("a", 2, 5, 6), row("c", 1, 7, 8)));
    assertArrayEquals(new float[] {1, 2}, v1.vector("a"));
    assertNull(v1.vector("c"));
    assertArrayEquals(new float[] {5, 6}, v2.vector("a"));
    assertArrayEquals(new float[] {3, 4}, v2.vector("b"));
    assertArrayEquals(new float[] {7, 8}, v2.vector("c"));
    assertEquals(3, v2.size());
    assertEquals(3 * 2 * 4, v2.rawBytes());
  }

  @Test
  void anOlderVersionNeverReplacesANewerOne() {
    VectorTable t = VectorTable.empty(1).with(List.of(row("a", 3, 3)));
    assertSame(t, t.with(List.of(row("a", 2, 2))));
    assertArrayEquals(new float[] {3}, t.vector("a"));
  }

  @Test
  void refusesAVectorOfAnotherDimension() {
    assertThrows(IllegalArgumentException.class, () -> VectorTable.empty(3).with(List.of(row("a", 1, 1, 2))));
  }

  /** One writer keeps rewriting every row with its version number; readers must only ever see whole rows. */
  @Test
  void aReaderNeverSeesAHalfWrittenVector() throws Exception {
    int items = 500;
    int dim = 64;
    List<VectorTable.Row> first = new ArrayList<>();
    for (int i = 0; i < items; i++) first.add(filled("i" + i, 1, dim));
    AtomicReference<VectorTable> live = new AtomicReference<>(VectorTable.empty(dim).with(first));
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong torn = new AtomicLong();
    AtomicLong reads = new AtomicLong();
    Thread reader = new Thread(() -> {
      float[] query = new float[dim];
      Arrays.fill(query, 1);
      while (!stop.get()) {
        VectorTable t = live.get();
        for (int r = 0; r < t.size(); r += 7) {
          float expected = t.version(r);
          if (t.dot(r, query) != expected * dim) torn.incrementAndGet();
          reads.incrementAndGet();
        }
      }
    });
    reader.start();
    for (long version = 2; version < 300; version++) {
      List<VectorTable.Row> batch = new ArrayList<>();
      for (int i = (int) (version % 3); i < items; i += 3) batch.add(filled("i" + i, version, dim));
      live.set(live.get().with(batch));
    }
    stop.set(true);
    reader.join();
    assertTrue(reads.get() > 1000, "the reader ran");
    assertEquals(0, torn.get(), "rows read with values from two versions");
  }

  /**
   * The replica's matrix costs at most 1.2 times its raw floats (item id strings are the catalogue's anyway). Big
   * enough that G1's rounding of a humongous array up to whole regions (up to one region, a few MB) is visible but
   * small, as it is for a real catalogue.
   */
  @Test
  void aTableCostsLittleMoreThanItsRawFloats() {
    int items = 100_000;
    int dim = 128;
    List<VectorTable.Row> rows = new ArrayList<>(items);
    for (int i = 0; i < items; i++) rows.add(new VectorTable.Row("item-" + i, new float[dim], 1));
    long before = usedHeap();
    VectorTable table = VectorTable.empty(dim).with(rows);
    long after = usedHeap();
    double measured = (double) (after - before) / table.rawBytes();
    System.out.printf("REPLICA MEMORY items=%d dim=%d raw=%d B measured=%d B (%.3fx) structural=%.3fx%n", items, dim,
        table.rawBytes(), after - before, measured, (double) table.heapBytes() / table.rawBytes());
    assertTrue(measured <= 1.2, "measured " + measured);
    assertTrue(table.heapBytes() <= 1.2 * table.rawBytes());
    assertEquals(items - 1, table.rowOf("item-" + (items - 1)));
    assertEquals(items, rows.size(), "the rows stay reachable, so the measurement is of the table alone");
  }

  static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      used = Math.min(used, rt.totalMemory() - rt.freeMemory());
    }
    return used;
  }

  static VectorTable.Row filled(String id, long version, int dim) {
    float[] v = new float[dim];
    Arrays.fill(v, version);
    return new VectorTable.Row(id, v, version);
  }
}
