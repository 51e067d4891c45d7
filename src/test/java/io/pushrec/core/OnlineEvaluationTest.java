package io.pushrec.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OnlineEvaluationTest {
  /**
   * Each user's first seven items are random, i0 and i1 among them for some (the prefix); then every user goes
   * i0 → i1, a pattern the prefix never shows, and ends on one of five items nobody had seen before.
   */
  static SequenceDataset drifted() {
    Random random = new Random(11);
    Map<String, List<String>> byUser = new LinkedHashMap<>();
    for (int u = 0; u < 400; u++) {
      List<String> seq = new ArrayList<>();
      while (seq.size() < 7) {
        String item = "i" + (2 + random.nextInt(298));
        if (!seq.contains(item)) seq.add(item);
      }
      if (u % 10 == 0) seq.set(3, "i0");
      if (u % 10 == 1) seq.set(5, "i1");
      seq.add("i0".equals(seq.get(3)) ? "i" + (2 + random.nextInt(298)) : "i0");
      seq.add("i1");
      seq.add("fresh-" + u % 5);
      byUser.put("u" + u, seq);
    }
    return SequenceDataset.of(byUser);
  }

  static final OnlineEvaluation.Settings SETTINGS = new OnlineEvaluation.Settings(0.7, 0.1, 0, 8, 4, 1, 0.03, 4, 5);

  static OnlineItemLearner.Settings learner(double rate) {
    return new OnlineItemLearner.Settings(rate, 4, 1_000, 5);
  }

  @Test
  void withoutLearningOnlineIsFrozen() {
    OnlineEvaluation.Setup setup = OnlineEvaluation.prepare(drifted(), SETTINGS, null);
    OnlineEvaluation.Result r = OnlineEvaluation.run(setup, learner(0), false, null);
    assertEquals(r.frozen(), r.online());
    assertEquals(0, r.learnedSteps());
  }

  @Test
  void theOnlineLearnerPicksUpAPatternThatStartsInTheStream() {
    OnlineEvaluation.Setup setup = OnlineEvaluation.prepare(drifted(), SETTINGS, null);
    assertEquals(360 * 3, setup.reportedEvents(), "three stream events for each of the 360 reported users");
    OnlineEvaluation.Result r = OnlineEvaluation.run(setup, learner(0.1), false, null);
    assertEquals(1.0 / 3, r.unknownShare(), 1e-9, "every user's last item is new");
    assertEquals(0, r.frozen().hr() - r.frozenOnKnown().hr() * 2 / 3, 1e-9, "the frozen vectors miss every new item");
    assertTrue(r.online().hr() > r.frozen().hr() + 0.1, "online " + r.online() + " vs frozen " + r.frozen());
    assertTrue(r.onlineOnKnown().ndcg() > r.frozenOnKnown().ndcg(), r.onlineOnKnown() + " vs " + r.frozenOnKnown());
    OnlineEvaluation.Window last = r.windows().get(r.windows().size() - 1);
    assertTrue(last.online().hr() > last.frozen().hr(), "still ahead at the end of the stream");
  }
}
