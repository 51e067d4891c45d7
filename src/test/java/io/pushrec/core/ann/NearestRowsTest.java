package io.pushrec.core.ann;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushrec.core.ItemVectorScorer;
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
  private static final InvertedFileIndex.Settings SETTINGS = new InvertedFileIndex.Settings(40, 16);
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

  private static InvertedFileIndex index(VectorTable table) {
    return InvertedFileIndex.build(table, SETTINGS, 1, progress -> {});
  }

  @Test
  void theIndexFindsNearlyAllOfTheExactTopTen() {
    VectorTable table = randomTable(3000, 3);
    InvertedFileIndex index = index(table);
    Random random = new Random(4);
    int found = 0;
    int queries = 100;
    for (int q = 0; q < queries; q++) {
      float[] query = gaussian(random);
      Set<String> exact = new HashSet<>(bruteForce(table, query, 10, RowFilter.NONE));
      for (String id : ids(table, index.nearest(table, query, 10, RowFilter.NONE))) if (exact.contains(id)) found++;
    }
    double recall = found / (queries * 10.0);
    assertTrue(recall >= 0.9, "recall@10 " + recall);
  }

  @Test
  void aCalibratedIndexProbesAsManyListsAsItsRecallNeedsAndNoMore() {
    VectorTable table = randomTable(3000, 30);
    InvertedFileIndex built = index(table);
    int forRecall80 = ProbeCount.measure(built, table, 0.8, 100, 10, new Random(31));
    int probes = ProbeCount.measure(built, table, 0.95, 100, 10, new Random(31));
    InvertedFileIndex forRecall95 = built.withProbes(probes);
    assertTrue(forRecall80 < probes && probes < SETTINGS.lists(), forRecall80 + " and " + probes + " lists");

    // Profiles it was not calibrated on, as users make them: a few items summed, those items excluded.
    Random random = new Random(32);
    int found = 0;
    int wanted = 0;
    for (int q = 0; q < 200; q++) {
      List<String> recent = new ArrayList<>();
      for (int i = 0; i < 5; i++) recent.add(table.idOf(random.nextInt(table.size())));
      float[] profile = ItemVectorScorer.profile(recent, table);
      RowFilter filter = new RowFilter(Set.copyOf(recent), id -> true);
      Set<String> exact = new HashSet<>(bruteForce(table, profile, 10, filter));
      for (String id : ids(table, forRecall95.nearest(table, profile, 10, filter))) if (exact.contains(id)) found++;
      wanted += exact.size();
    }
    assertTrue(found >= 0.95 * wanted, "recall@10 " + found / (double) wanted + " with " + probes + " lists");
  }

  @Test
  void probingEveryListGivesTheExactAnswer() {
    VectorTable table = randomTable(2000, 18);
    InvertedFileIndex index = index(table);
    Random random = new Random(19);
    RowFilter odd = new RowFilter(Set.of("item3", "item7"), id -> id.hashCode() % 2 != 0);
    for (int q = 0; q < 20; q++) {
      float[] query = gaussian(random);
      assertEquals(bruteForce(table, query, 10, odd), ids(table, index.nearest(table, query, 10, odd, SETTINGS.lists())));
    }
  }

  @Test
  void excludedAndInadmissibleItemsNeverComeBack() {
    VectorTable table = randomTable(2000, 5);
    InvertedFileIndex index = index(table);
    Random random = new Random(6);
    for (int q = 0; q < 30; q++) {
      float[] query = gaussian(random);
      Set<String> topFive = new HashSet<>(bruteForce(table, query, 5, RowFilter.NONE));
      RowFilter filter = new RowFilter(topFive, id -> !id.endsWith("1"));
      for (NearestRows search : List.of(index, ExactNearestRows.INSTANCE)) {
        List<String> served = ids(table, search.nearest(table, query, 10, filter));
        assertEquals(10, served.size());
        for (String id : served) assertTrue(filter.allows(id), search + " served " + id);
      }
    }
  }

  @Test
  void aFilterThatRefusesAlmostEverythingStillGetsTheExactAnswer() {
    VectorTable table = randomTable(2000, 7);
    InvertedFileIndex index = index(table);
    RowFilter rare = new RowFilter(Set.of(), id -> id.endsWith("00"));
    float[] query = gaussian(new Random(8));
    assertEquals(bruteForce(table, query, 10, rare), ids(table, index.nearest(table, query, 10, rare)));
  }

  @Test
  void anItemWhoseVectorMovedIsFoundAtItsNewPlaceAndNotItsOldWhileOlderSnapshotsKeepTheirs() {
    VectorTable table = randomTable(2000, 9);
    InvertedFileIndex index = index(table);
    float[] oldPlace = table.vector("item42");
    float[] newPlace = gaussian(new Random(10));
    for (int i = 0; i < DIM; i++) newPlace[i] *= 3;
    assertEquals("item42", table.idOf(index.nearest(table, oldPlace, 1, RowFilter.NONE)[0]));

    VectorTable moved = table.with(List.of(new VectorTable.Row("item42", newPlace, 2)));
    InvertedFileIndex next = index.with(moved, List.of("item42"));

    assertEquals("item42", moved.idOf(next.nearest(moved, newPlace, 1, RowFilter.NONE)[0]));
    assertFalse(ids(moved, next.nearest(moved, oldPlace, 10, RowFilter.NONE)).contains("item42"));
    assertEquals(2000, next.items());
    assertEquals("item42", table.idOf(index.nearest(table, oldPlace, 1, RowFilter.NONE)[0]), "the older version");
  }

  @Test
  void aNewItemIsSearchableOnceAdded() {
    VectorTable table = randomTable(1000, 11);
    InvertedFileIndex index = index(table);
    float[] fresh = gaussian(new Random(12));
    for (int i = 0; i < DIM; i++) fresh[i] *= 4;
    VectorTable grown = table.with(List.of(new VectorTable.Row("fresh", fresh, 1)));
    InvertedFileIndex next = index.with(grown, List.of("fresh"));
    assertEquals("fresh", grown.idOf(next.nearest(grown, fresh, 1, RowFilter.NONE)[0]));
    assertNotEquals("fresh", table.idOf(index.nearest(table, fresh, 1, RowFilter.NONE)[0]));
  }

  @Test
  void onlyTheNewestVersionCanBeUpdated() {
    VectorTable table = randomTable(1000, 20);
    InvertedFileIndex index = index(table);
    VectorTable grown = table.with(List.of(new VectorTable.Row("fresh", gaussian(new Random(21)), 1)));
    index.with(grown, List.of("fresh"));
    assertThrows(IllegalStateException.class, () -> index.with(grown, List.of("fresh")));
  }

  private static final SpaceIndex.Listener QUIET = new SpaceIndex.Listener() {
    @Override
    public void building(int items) {}

    @Override
    public void built(InvertedFileIndex index, long millis) {}

    @Override
    public void failed(Throwable cause) {}
  };

  /** The threshold of the tests: the vectors of 1,000 items. */
  private static final long THOUSAND_ITEMS_OF_VECTORS = 1000L * DIM * Float.BYTES;

  @Test
  void aTableOverTheThresholdIsServedByTheIndexAndOneUnderItByTheScan() {
    SpaceIndex spaceIndex = new SpaceIndex(THOUSAND_ITEMS_OF_VECTORS, Runnable::run, QUIET);
    VectorTable small = randomTable(1000, 13);
    assertSame(ExactNearestRows.INSTANCE, spaceIndex.update(small, List.of()));

    float[] extra = gaussian(new Random(14));
    VectorTable large = small.with(List.of(new VectorTable.Row("extra", extra, 1)));
    InvertedFileIndex index = assertInstanceOf(InvertedFileIndex.class, spaceIndex.update(large, List.of("extra")));
    assertEquals(1001, index.items());

    float[] moved = gaussian(new Random(15));
    for (int i = 0; i < DIM; i++) moved[i] *= 4;
    VectorTable next = large.with(List.of(new VectorTable.Row("item5", moved, 2)));
    InvertedFileIndex updated = assertInstanceOf(InvertedFileIndex.class, spaceIndex.update(next, List.of("item5")));
    assertArrayEquals(new int[] {next.rowOf("item5")}, updated.nearest(next, moved, 1, RowFilter.NONE));
  }

  @Test
  void theThresholdIsTheSizeOfTheVectorsSoFewerItemsOfLongerVectorsCrossIt() {
    SpaceIndex spaceIndex = new SpaceIndex(THOUSAND_ITEMS_OF_VECTORS, Runnable::run, QUIET);
    Random random = new Random(20);
    List<VectorTable.Row> rows = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      float[] vector = new float[2 * DIM];
      for (int d = 0; d < vector.length; d++) vector[d] = (float) random.nextGaussian();
      rows.add(new VectorTable.Row("item" + i, vector, 1));
    }
    assertInstanceOf(InvertedFileIndex.class, spaceIndex.update(VectorTable.empty(2 * DIM).with(rows), List.of()));
  }

  @Test
  void theScanServesWhileTheIndexIsBuiltAndChangesMadeMeanwhileReachIt() {
    List<Runnable> builds = new ArrayList<>();
    SpaceIndex spaceIndex = new SpaceIndex(THOUSAND_ITEMS_OF_VECTORS, builds::add, QUIET);
    VectorTable large = randomTable(1500, 16);
    assertSame(ExactNearestRows.INSTANCE, spaceIndex.update(large, List.of()));

    float[] moved = gaussian(new Random(17));
    for (int i = 0; i < DIM; i++) moved[i] *= 4;
    VectorTable next = large.with(List.of(new VectorTable.Row("item9", moved, 2)));
    assertSame(ExactNearestRows.INSTANCE, spaceIndex.update(next, List.of("item9")), "still building");

    builds.forEach(Runnable::run);
    InvertedFileIndex index = assertInstanceOf(InvertedFileIndex.class, spaceIndex.update(next, List.of()));
    assertArrayEquals(new int[] {next.rowOf("item9")}, index.nearest(next, moved, 1, RowFilter.NONE));
  }
}
