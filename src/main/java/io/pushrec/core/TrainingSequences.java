package io.pushrec.core;

import java.util.ArrayList;
import java.util.List;

/** What each phase of the leave-one-out protocol may learn from. */
public final class TrainingSequences {
  private TrainingSequences() {}

  /** For tuning against validation targets: every user's training part. */
  public static List<int[]> beforeValidation(LeaveOneOutSplit split) {
    List<int[]> out = new ArrayList<>(split.data().numUsers());
    for (int u = 0; u < split.data().numUsers(); u++) out.add(split.train(u));
    return out;
  }

  /** For predicting test targets: everything but the test items, i.e. training part plus validation item. */
  public static List<int[]> beforeTest(LeaveOneOutSplit split) {
    List<int[]> out = new ArrayList<>(split.data().numUsers());
    for (int u = 0; u < split.data().numUsers(); u++) {
      out.add(split.isEvaluated(u) ? split.testHistory(u) : split.data().sequence(u));
    }
    return out;
  }
}
