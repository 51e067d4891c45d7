package io.pushrec.core;

import java.util.Arrays;

/**
 * The split of SASRec and most sequential-recommendation papers: for a user with at least three
 * interactions the last item is the test target, the one before it the validation target, and the rest
 * is training history. Users with fewer interactions are training data only.
 */
public final class LeaveOneOutSplit {
  public static final int MIN_EVALUATED_LENGTH = 3;

  private final SequenceDataset data;

  public LeaveOneOutSplit(SequenceDataset data) {
    this.data = data;
  }

  public SequenceDataset data() {
    return data;
  }

  public boolean isEvaluated(int user) {
    return data.sequence(user).length >= MIN_EVALUATED_LENGTH;
  }

  /** What a model may train on: everything but the last two items of an evaluated user. */
  public int[] train(int user) {
    int[] seq = data.sequence(user);
    return isEvaluated(user) ? Arrays.copyOf(seq, seq.length - 2) : seq;
  }

  /** History used to predict the validation target: the training part. */
  public int[] validationHistory(int user) {
    return train(user);
  }

  public int validationTarget(int user) {
    int[] seq = data.sequence(user);
    return seq[seq.length - 2];
  }

  /** History used to predict the test target: training part plus the validation item. */
  public int[] testHistory(int user) {
    int[] seq = data.sequence(user);
    return Arrays.copyOf(seq, seq.length - 1);
  }

  public int testTarget(int user) {
    int[] seq = data.sequence(user);
    return seq[seq.length - 1];
  }
}
