package io.pushrec.core;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Maximises an objective over a grid one coordinate at a time: for each parameter in turn, try all its
 * values with the others fixed and keep the best, until a full round changes nothing. Far fewer
 * evaluations than the full grid, deterministic, and good enough when parameters interact mildly.
 */
public final class CoordinateSearch {
  public record Result(int[] best, double objective) {}

  private CoordinateSearch() {}

  /**
   * @param sizes number of values of each parameter
   * @param start index of each parameter's starting value
   * @param objective of a choice of value indices; called once per distinct choice
   */
  public static Result maximise(int[] sizes, int[] start, int maxRounds, ToDoubleFunction<int[]> objective) {
    Map<String, Double> seen = new HashMap<>();
    ToDoubleFunction<int[]> memo = c -> seen.computeIfAbsent(Arrays.toString(c), k -> objective.applyAsDouble(c.clone()));
    int[] best = start.clone();
    double bestValue = memo.applyAsDouble(best);
    for (int round = 0; round < maxRounds; round++) {
      boolean improved = false;
      for (int p = 0; p < sizes.length; p++) {
        for (int v = 0; v < sizes[p]; v++) {
          if (v == best[p]) continue;
          int[] candidate = best.clone();
          candidate[p] = v;
          double value = memo.applyAsDouble(candidate);
          if (value > bestValue + 1e-9) {
            bestValue = value;
            best = candidate;
            improved = true;
          }
        }
      }
      if (!improved) break;
    }
    return new Result(best, bestValue);
  }
}
