package io.pushrec.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BaselineScorersTest {
  static final int X = 0, Y = 1, Z = 2, A = 3, B = 4, R = 5;

  static float[] score(SequenceScorer scorer, int... history) {
    float[] out = new float[scorer.numItems()];
    scorer.scoreAll(history, out);
    return out;
  }

  @Test
  void popularityRanksByInteractions() {
    SequenceScorer pop = PopularityScorer.fit(List.of(new int[] {X, Y, Y}, new int[] {Y, Z}), 6);
    float[] s = score(pop);
    assertTrue(s[Y] > s[X] && s[X] == s[Z] && s[Z] > s[A]);
  }

  @Test
  void coVisitationPrefersWhatCameNextOverWhatCameBefore() {
    List<int[]> logs = new ArrayList<>();
    for (int i = 0; i < 5; i++) logs.add(new int[] {X, Y, Z});
    CoVisitationBuilder.Params params = CoVisitationBuilder.Params.DEFAULT.withReverseWeight(0.5f);
    float[] s = score(new NeighbourhoodScorer(CoVisitationBuilder.build(logs, 6, params), 0.5f, 10, ""), Y);
    assertTrue(s[Z] > s[X], "after y, z (next) must beat x (before)");
    assertTrue(s[X] > 0, "the reverse link still counts a little");
    assertEquals(0f, s[A]);
    float[] forwardOnly =
        score(new NeighbourhoodScorer(CoVisitationBuilder.build(logs, 6, params.withReverseWeight(0)), 0.5f, 10, ""), Y);
    assertEquals(0f, forwardOnly[X]);
  }

  @Test
  void coVisitationWindowLimitsHowFarApartItemsLink() {
    List<int[]> logs = List.of(new int[] {X, Y, Z, A});
    CoVisitationBuilder.Params params = CoVisitationBuilder.Params.DEFAULT.withWindow(2);
    float[] s = score(new NeighbourhoodScorer(CoVisitationBuilder.build(logs, 6, params), 1f, 10, ""), X);
    assertTrue(s[Y] > s[Z] && s[Z] > 0, "closer steps link more strongly");
    assertEquals(0f, s[A], "three steps apart is outside a window of two");
  }

  @Test
  void recencyDecayFavoursNeighboursOfTheLatestItem() {
    List<int[]> logs = List.of(new int[] {X, Y}, new int[] {A, B});
    ItemNeighbours links = CoVisitationBuilder.build(logs, 6, CoVisitationBuilder.Params.DEFAULT);
    float[] s = score(new NeighbourhoodScorer(links, 0.5f, 10, ""), X, A);
    assertTrue(s[B] > s[Y], "a was seen last, so its neighbour b leads");
    float[] onlyLatest = score(new NeighbourhoodScorer(links, 0.5f, 1, ""), X, A);
    assertEquals(0f, onlyLatest[Y], "with a history of one, x no longer counts");
  }

  @Test
  void itemKnnShrinkageKeepsOneSharedUserFromBeatingStrongSupport() {
    // a: 6 users, 5 of them also have the bestseller b (50 users); r is a rarity met once, with a.
    List<int[]> logs = new ArrayList<>();
    for (int i = 0; i < 5; i++) logs.add(new int[] {A, B});
    logs.add(new int[] {A, R});
    for (int i = 0; i < 45; i++) logs.add(new int[] {B, X});
    float[] raw = score(new NeighbourhoodScorer(ItemKnnBuilder.build(logs, 6, new ItemKnnBuilder.Params(0, 10)), 1f, 10, ""), A);
    assertTrue(raw[R] > raw[B], "plain cosine: 1/sqrt(6) beats 5/sqrt(300)");
    float[] shrunk = score(new NeighbourhoodScorer(ItemKnnBuilder.build(logs, 6, new ItemKnnBuilder.Params(10, 10)), 1f, 10, ""), A);
    assertTrue(shrunk[B] > shrunk[R]);
  }

  @Test
  void tunedCoVisitationLearnsAPlantedNextItemPattern() {
    SequenceDataset data = SyntheticLogs.cycles(300, 60, 0.1, 11);
    LeaveOneOutSplit split = new LeaveOneOutSplit(data);
    ValidationObjective objective = new ValidationObjective(split, 1000, 1, 2);
    ScorerRecipe recipe = BaselineTuning.tuneCoVisitation(objective, line -> {});
    OfflineEvaluator evaluator = new OfflineEvaluator(split, OfflineEvaluator.Protocol.FULL, 1, 2);
    List<int[]> beforeTest = TrainingSequences.beforeTest(split);
    double covis = evaluator.evaluate(recipe.fit(beforeTest, data.numItems()), OfflineEvaluator.Target.TEST,
        OfflineEvaluator.Progress.NONE).metrics().get("HR@10");
    double popularity = evaluator.evaluate(PopularityScorer.fit(beforeTest, data.numItems()),
        OfflineEvaluator.Target.TEST, OfflineEvaluator.Progress.NONE).metrics().get("HR@10");
    assertTrue(covis > 0.8, "90% of steps follow the cycle, HR@10 was " + covis);
    assertTrue(covis > popularity + 0.5);
  }
}
