package io.pushrec.core;

/**
 * Scores every item of a dense catalogue for one user's history. The offline evaluator and the live user
 * entity call the same implementations, so what is measured is what is served.
 */
public interface SequenceScorer {
  /** Items this scorer knows: valid indices are 0..numItems()-1 of its {@link ItemIndex}. */
  int numItems();

  /**
   * @param history dense item indices, oldest first; may be empty
   * @param out one score per item, higher is better; every entry is overwritten
   */
  void scoreAll(int[] history, float[] out);
}
