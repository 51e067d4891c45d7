package io.pushrec.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OnlineItemLearnerTest {
  static final int DIMENSION = 8;
  static final int ITEMS = 200;

  /** A catalogue of random vectors, as a trained model that knows nothing of the pattern below would give. */
  static VectorTable catalogue() {
    Random random = new Random(7);
    List<VectorTable.Row> rows = new ArrayList<>();
    for (int i = 0; i < ITEMS; i++) {
      float[] v = new float[DIMENSION];
      for (int d = 0; d < DIMENSION; d++) v[d] = (float) random.nextGaussian() * 0.1f;
      rows.add(new VectorTable.Row("i" + i, v, 1));
    }
    return VectorTable.empty(DIMENSION).with(rows);
  }

  static OnlineItemLearner learner(double learningRate) {
    return new OnlineItemLearner(new OnlineItemLearner.Settings(learningRate, 5, 1_000, 42), DIMENSION);
  }

  /** Rank (0 = first) of {@code target} among all items but the history, by dot product with the served profile. */
  static int rank(String target, List<String> history, OnlineItemLearner learner, VectorTable base) {
    List<VectorTable.Row> rows = new ArrayList<>();
    for (int r = 0; r < base.size(); r++) rows.add(new VectorTable.Row(base.idOf(r), learner.vector(base.idOf(r), base), 2));
    VectorTable current = base.with(rows);
    float[] profile = ItemVectorScorer.profile(history, current);
    float targetScore = current.dot(current.rowOf(target), profile);
    int rank = 0;
    for (int r = 0; r < current.size(); r++) {
      if (history.contains(current.idOf(r)) || current.idOf(r).equals(target)) continue;
      if (current.dot(r, profile) > targetScore) rank++;
    }
    return rank;
  }

  @Test
  void anItemThatKeepsFollowingXRisesForXViewers() {
    VectorTable base = catalogue();
    OnlineItemLearner learner = learner(0.05);
    List<String> xViewer = List.of("i3", "i17", "i50");
    int before = rank("i99", xViewer, learner, base);
    Random random = new Random(1);
    for (int n = 0; n < 300; n++) {
      // Different users who all end on i50 before going to i99, with other items before that.
      List<String> history = List.of("i" + (100 + random.nextInt(100)), "i" + (100 + random.nextInt(100)), "i50");
      learner.learn(history, "i99", base);
    }
    int after = rank("i99", xViewer, learner, base);
    assertTrue(before > 20, "the planted follower starts far down (rank " + before + ")");
    assertTrue(after < 3, "after learning it is near the top for an X viewer: rank " + after + " (was " + before + ")");
  }

  @Test
  void itemsNotInvolvedKeepTheirVectorsAndOnlyTouchedItemsAreReported() {
    VectorTable base = catalogue();
    OnlineItemLearner learner = learner(0.05);
    Set<String> touched = new HashSet<>();
    for (int n = 0; n < 20; n++) touched.addAll(learner.learn(List.of("i1", "i2"), "i3", base).updated());
    assertTrue(touched.containsAll(Set.of("i1", "i2", "i3")));
    int unchanged = 0;
    for (int r = 0; r < base.size(); r++) {
      String id = base.idOf(r);
      if (touched.contains(id)) continue;
      assertArrayEquals(base.vector(id), learner.vector(id, base), id + " was not involved and must not move");
      unchanged++;
    }
    assertTrue(unchanged > ITEMS / 2, "most items are untouched by 20 steps with 5 negatives");
    Map<String, float[]> changed = learner.drainChanged(Integer.MAX_VALUE);
    assertEquals(touched, changed.keySet());
    for (String id : touched) {
      assertTrue(!java.util.Arrays.equals(base.vector(id), changed.get(id)), id + " was involved and moved");
    }
    assertEquals(0, learner.changedItems());
  }

  @Test
  void aLearningRateOfZeroChangesNothing() {
    VectorTable base = catalogue();
    OnlineItemLearner learner = learner(0);
    for (int n = 0; n < 50; n++) assertTrue(learner.learn(List.of("i1", "i2"), "i3", base).skipped());
    for (int r = 0; r < base.size(); r++) {
      assertArrayEquals(base.vector(base.idOf(r)), learner.vector(base.idOf(r), base));
    }
    assertEquals(0, learner.changedItems());
  }

  @Test
  void aNewItemWithoutAVectorGetsOneFromBehaviour() {
    VectorTable base = catalogue();
    OnlineItemLearner learner = learner(0.05);
    for (int n = 0; n < 200; n++) learner.learn(List.of("i7"), "brand-new", base);
    float[] learned = learner.vector("brand-new", base);
    float[] i7 = base.vector("i7");
    double cos = 0, a = 0, b = 0;
    for (int d = 0; d < DIMENSION; d++) {
      cos += learned[d] * i7[d];
      a += learned[d] * learned[d];
      b += i7[d] * i7[d];
    }
    assertTrue(cos / Math.sqrt(a * b) > 0.5, "the new item points the way of the item it follows: cos " + cos / Math.sqrt(a * b));
  }

  @Test
  void theSameSeedGivesTheSameVectorsAndMemoryStaysBounded() {
    VectorTable base = catalogue();
    OnlineItemLearner first = new OnlineItemLearner(new OnlineItemLearner.Settings(0.05, 5, 60, 3), DIMENSION);
    OnlineItemLearner second = new OnlineItemLearner(new OnlineItemLearner.Settings(0.05, 5, 60, 3), DIMENSION);
    Random random = new Random(5);
    for (int n = 0; n < 500; n++) {
      List<String> history = List.of("i" + random.nextInt(ITEMS), "i" + random.nextInt(ITEMS));
      String next = "i" + random.nextInt(ITEMS);
      first.learn(history, next, base);
      second.learn(history, next, base);
      assertTrue(first.trackedItems() <= 60);
    }
    for (int r = 0; r < base.size(); r++) {
      assertArrayEquals(first.vector(base.idOf(r), base), second.vector(base.idOf(r), base));
    }
    assertThrows(IllegalArgumentException.class, () -> new OnlineItemLearner.Settings(0.05, 5, 10, 3));
  }
}
