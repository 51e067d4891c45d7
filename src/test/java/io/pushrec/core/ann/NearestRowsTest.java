package io.pushrec.core.ann;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushrec.core.VectorTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NearestRowsTest {
  private static final ItemGraph.Settings SETTINGS = new ItemGraph.Settings(16, 50, 60);
  private static final int DIM = 16;

  private static float[] gaussian(Random random) {
    float[] v = new float[DIM];
    for (int i = 0; i < DIM; i++) v[i] = (float) random.nextGaussian();
    return v;
  }

  private static VectorTable randomTable(int items, long seed) {
    Random random = new Random(seed);
    List<VectorTable.Row> rows = new ArrayList<>();
    for (int i = 0; i < items; i++) rows.add(new VectorTable.Row("item" + i, gaussian(random), 1));
    return VectorTable.empty(DIM).with(rows);
  }

  /** The reference: every row scored and sorted, the filter applied to each. */
  private static List<String> bruteForce(VectorTable table, float[] query, int k, RowFilter filter) {
    return IntStream.range(0, table.size()).boxed()
        .filter(row -> filter.allows(table.idOf(row)))
        .sorted(Comparator.comparingDouble((Integer row) -> -table.dot(row, query)))
        .limit(k).map(table::idOf).toList();
  }

  private static List<String> ids(VectorTable table, int[] rows) {
    return IntStream.of(rows).mapToObj(table::idOf).toList();
  }

  @Test
  void theExactScanMatchesSortingEveryRow() {
    VectorTable table = randomTable(500, 1);
    Random random = new Random(2);
    RowFilter odd = new RowFilter(Set.of("item3", "item7"), id -> id.hashCode() % 2 != 0);
    for (int q = 0; q < 20; q++) {
      float[] query = gaussian(random);
      assertEquals(bruteForce(table, query, 10, odd), ids(table, ExactNearestRows.INSTANCE.nearest(table, query, 10, odd)));
    }
  }

  @Test
  void theGraphFindsNearlyAllOfTheExactTopTen() {
    VectorTable table = randomTable(3000, 3);
    ItemGraph graph = ItemGraph.of(table, SETTINGS, 1, done -> {});
    Random random = new Random(4);
    int found = 0;
    int queries = 100;
    for (int q = 0; q < queries; q++) {
      float[] query = gaussian(random);
      Set<String> exact = new HashSet<>(bruteForce(table, query, 10, RowFilter.NONE));
      for (String id : ids(table, graph.nearest(table, query, 10, RowFilter.NONE))) if (exact.contains(id)) found++;
    }
    double recall = found / (queries * 10.0);
    assertTrue(recall >= 0.95, "recall@10 " + recall);
  }

  @Test
  void excludedAndInadmissibleItemsNeverComeBack() {
    VectorTable table = randomTable(2000, 5);
    ItemGraph graph = ItemGraph.of(table, SETTINGS, 1, done -> {});
    Random random = new Random(6);
    for (int q = 0; q < 30; q++) {
      float[] query = gaussian(random);
      Set<String> topFive = new HashSet<>(bruteForce(table, query, 5, RowFilter.NONE));
      RowFilter filter = new RowFilter(topFive, id -> !id.endsWith("1"));
      for (NearestRows search : List.of(graph, ExactNearestRows.INSTANCE)) {
        List<String> served = ids(table, search.nearest(table, query, 10, filter));
        assertEquals(10, served.size());
        for (String id : served) assertTrue(filter.allows(id), search + " served " + id);
      }
    }
  }

  @Test
  void aFilterThatRefusesAlmostEverythingStillGetsTheExactAnswer() {
    VectorTable table = randomTable(2000, 7);
    ItemGraph graph = ItemGraph.of(table, SETTINGS, 1, done -> {});
    RowFilter rare = new RowFilter(Set.of(), id -> id.endsWith("00"));
    float[] query = gaussian(new Random(8));
    assertEquals(bruteForce(table, query, 10, rare), ids(table, graph.nearest(table, query, 10, rare)));
  }

  @Test
  void anItemWhoseVectorMovedIsFoundAtItsNewPlaceAndNotItsOld() {
    VectorTable table = randomTable(2000, 9);
    ItemGraph graph = ItemGraph.of(table, SETTINGS, 1, done -> {});
    float[] oldPlace = table.vector("item42");
    float[] newPlace = gaussian(new Random(10));
    for (int i = 0; i < DIM; i++) newPlace[i] *= 3;
    assertEquals("item42", table.idOf(graph.nearest(table, oldPlace, 1, RowFilter.NONE)[0]));

    VectorTable moved = table.with(List.of(new VectorTable.Row("item42", newPlace, 2)));
    graph.put("item42", moved.vector("item42"));

    assertEquals("item42", moved.idOf(graph.nearest(moved, newPlace, 1, RowFilter.NONE)[0]));
    assertFalse(ids(moved, graph.nearest(moved, oldPlace, 10, RowFilter.NONE)).contains("item42"));
    assertEquals(1, graph.retiredNodes());
  }

  @Test
  void aNewItemIsSearchableOnceInserted() {
    VectorTable table = randomTable(1000, 11);
    ItemGraph graph = ItemGraph.of(table, SETTINGS, 1, done -> {});
    float[] fresh = gaussian(new Random(12));
    for (int i = 0; i < DIM; i++) fresh[i] *= 4;
    VectorTable grown = table.with(List.of(new VectorTable.Row("fresh", fresh, 1)));
    graph.put("fresh", fresh);
    assertEquals("fresh", grown.idOf(graph.nearest(grown, fresh, 1, RowFilter.NONE)[0]));
    assertNotEquals("fresh", table.idOf(graph.nearest(table, fresh, 1, RowFilter.NONE)[0]));
  }

  private static final SpaceIndex.Listener QUIET = new SpaceIndex.Listener() {
    @Override
    public void building(int items) {}

    @Override
    public void built(ItemGraph graph, long millis) {}

    @Override
    public void failed(Throwable cause) {}
  };

  @Test
  void aTableOverTheThresholdIsServedByTheGraphAndOneUnderItByTheScan() {
    SpaceIndex index = new SpaceIndex(1000, SETTINGS, Runnable::run, QUIET);
    VectorTable small = randomTable(1000, 13);
    assertSame(ExactNearestRows.INSTANCE, index.update(small, List.of()));

    float[] extra = gaussian(new Random(14));
    VectorTable large = small.with(List.of(new VectorTable.Row("extra", extra, 1)));
    ItemGraph graph = assertInstanceOf(ItemGraph.class, index.update(large, List.of("extra")));
    assertEquals(1001, graph.items());

    float[] moved = gaussian(new Random(15));
    for (int i = 0; i < DIM; i++) moved[i] *= 4;
    VectorTable next = large.with(List.of(new VectorTable.Row("item5", moved, 2)));
    assertSame(graph, index.update(next, List.of("item5")));
    assertArrayEquals(new int[] {next.rowOf("item5")}, graph.nearest(next, moved, 1, RowFilter.NONE));
  }

  @Test
  void theScanServesWhileTheGraphIsBuiltAndChangesMadeMeanwhileReachIt() {
    List<Runnable> builds = new ArrayList<>();
    SpaceIndex index = new SpaceIndex(1000, SETTINGS, builds::add, QUIET);
    VectorTable large = randomTable(1500, 16);
    assertSame(ExactNearestRows.INSTANCE, index.update(large, List.of()));

    float[] moved = gaussian(new Random(17));
    for (int i = 0; i < DIM; i++) moved[i] *= 4;
    VectorTable next = large.with(List.of(new VectorTable.Row("item9", moved, 2)));
    assertSame(ExactNearestRows.INSTANCE, index.update(next, List.of("item9")), "still building");

    builds.forEach(Runnable::run);
    ItemGraph graph = assertInstanceOf(ItemGraph.class, index.update(next, List.of()));
    assertArrayEquals(new int[] {next.rowOf("item9")}, graph.nearest(next, moved, 1, RowFilter.NONE));
  }
}
