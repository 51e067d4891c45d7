package io.pushrec.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;

/**
 * The node's counters and latency histograms, rendered in the Prometheus text format. Lock-free on the
 * hot path; one instance per node.
 */
public final class Metrics {
  private static final double[] LATENCY_BUCKETS_SECONDS = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5
  };

  private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
  private final Map<String, Histogram> histograms = new ConcurrentHashMap<>();
  private final Map<String, String> help = new ConcurrentHashMap<>();
  private final Map<String, DoubleSupplier> gauges = new ConcurrentHashMap<>();

  /** Adds to a counter; {@code labels} is a Prometheus label set such as {@code reason="bad_json"} or empty. */
  public void increment(String name, String labels, long by) {
    counters.computeIfAbsent(series(name, labels), k -> new LongAdder()).add(by);
  }

  public void increment(String name, String labels) {
    increment(name, labels, 1);
  }

  public void observeSeconds(String name, double seconds) {
    histograms.computeIfAbsent(name, k -> new Histogram()).observe(seconds);
  }

  /** A value read when the metrics are rendered, such as heap in use. */
  public void gauge(String name, String text, DoubleSupplier value) {
    describe(name, text);
    gauges.put(name, value);
  }

  public void describe(String name, String text) {
    help.put(name, text);
  }

  public long counter(String name, String labels) {
    LongAdder a = counters.get(series(name, labels));
    return a == null ? 0 : a.sum();
  }

  public String render() {
    StringBuilder out = new StringBuilder();
    Map<String, Map<String, Long>> byName = new TreeMap<>();
    counters.forEach((series, value) -> {
      int brace = series.indexOf('{');
      String name = brace < 0 ? series : series.substring(0, brace);
      byName.computeIfAbsent(name, n -> new TreeMap<>()).put(series, value.sum());
    });
    byName.forEach((name, series) -> {
      header(out, name, "counter");
      series.forEach((s, v) -> out.append(s).append(' ').append(v).append('\n'));
    });
    new TreeMap<>(gauges).forEach((name, value) -> {
      header(out, name, "gauge");
      out.append(name).append(' ').append(value.getAsDouble()).append('\n');
    });
    new TreeMap<>(histograms).forEach((name, h) -> {
      header(out, name, "histogram");
      h.render(name, out);
    });
    return out.toString();
  }

  private void header(StringBuilder out, String name, String type) {
    String text = help.get(name);
    if (text != null) out.append("# HELP ").append(name).append(' ').append(text).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static String series(String name, String labels) {
    return labels == null || labels.isEmpty() ? name : name + "{" + labels + "}";
  }

  private static final class Histogram {
    private final LongAdder[] buckets = new LongAdder[LATENCY_BUCKETS_SECONDS.length];
    private final LongAdder count = new LongAdder();
    private final java.util.concurrent.atomic.DoubleAdder sum = new java.util.concurrent.atomic.DoubleAdder();

    Histogram() {
      for (int i = 0; i < buckets.length; i++) buckets[i] = new LongAdder();
    }

    void observe(double seconds) {
      for (int i = 0; i < buckets.length; i++) {
        if (seconds <= LATENCY_BUCKETS_SECONDS[i]) {
          buckets[i].increment();
          break;
        }
      }
      count.increment();
      sum.add(seconds);
    }

    void render(String name, StringBuilder out) {
      long cumulative = 0;
      for (int i = 0; i < buckets.length; i++) {
        cumulative += buckets[i].sum();
        out.append(name).append("_bucket{le=\"").append(LATENCY_BUCKETS_SECONDS[i]).append("\"} ")
            .append(cumulative).append('\n');
      }
      out.append(name).append("_bucket{le=\"+Inf\"} ").append(count.sum()).append('\n');
      out.append(name).append("_sum ").append(sum.sum()).append('\n');
      out.append(name).append("_count ").append(count.sum()).append('\n');
    }
  }
}
