package io.pushrec.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds the highest target rate that a run holds: grows the rate by half until a run fails, then bisects between
 * the last rate that held and the first that did not until they are within 10% of each other. If even the first rate
 * fails it halves the rate, down to one event per second.
 */
public final class Sweep {
  /** One measured run at the given target rate in events/s. */
  public interface Step {
    Measurement run(double eventsPerSecond) throws Exception;
  }

  public record Result(double bestRate, Measurement best, List<Measurement> steps, double p99BoundMillis) {
    public String describe() {
      StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
          "sweep: highest rate holding p99 <= %.0f ms (HTTP and event->push), >= 95%% acknowledged, no errors: ",
          p99BoundMillis));
      s.append(best == null ? "none of the rates tried" : String.format(Locale.ROOT, "%,.0f events/s", bestRate));
      for (Measurement m : steps) {
        s.append(String.format(Locale.ROOT, "%n  %,8.0f/s -> %,8.0f ack/s, HTTP p99 %7.1f ms, push p99 %7.1f ms, errors %s",
            m.targetEventsPerSecond(), m.acknowledgedPerSecond(), m.httpP99Millis(), m.pushP99Millis(),
            m.errorsByStatus()));
      }
      return s.toString();
    }
  }

  static final int MAX_STEPS = 12;
  static final double GROWTH = 1.5;
  static final double PRECISION = 1.1;
  /** Below one event per second a run holds too few samples for a p99 to mean anything. */
  static final double MIN_RATE = 1;

  private final double startRate;
  private final double p99BoundMillis;
  private final Step step;

  public Sweep(double startRate, double p99BoundMillis, Step step) {
    this.startRate = startRate;
    this.p99BoundMillis = p99BoundMillis;
    this.step = step;
  }

  public Result run() throws Exception {
    List<Measurement> steps = new ArrayList<>();
    double held = 0;
    double failed = Double.POSITIVE_INFINITY;
    Measurement best = null;
    double rate = startRate;
    while (steps.size() < MAX_STEPS) {
      Measurement m = step.run(rate);
      steps.add(m);
      if (holds(m, p99BoundMillis)) {
        held = rate;
        best = m;
      } else {
        failed = rate;
      }
      if (failed <= held * PRECISION) break;
      rate = Double.isInfinite(failed) ? rate * GROWTH : held == 0 ? failed / 2 : (held + failed) / 2;
      if (rate < MIN_RATE) break;
    }
    return new Result(held, best, steps, p99BoundMillis);
  }

  static boolean holds(Measurement m, double p99BoundMillis) {
    boolean pushOk = m.pushLatencySamples() == 0 || m.pushP99Millis() <= p99BoundMillis;
    return m.errorsByStatus().isEmpty() && m.httpP99Millis() <= p99BoundMillis && pushOk
        && m.acknowledgedPerSecond() >= 0.95 * m.targetEventsPerSecond();
  }
}
