package io.pushrec.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Reads a node's own gauges and counters from {@code GET /metrics} (the unlabelled series only). */
public final class NodeProbe {
  public record Sample(long atNanos, double cpuSeconds, double jitSeconds, double heapBytes, double pushes) {}

  private final HttpClient client;
  private final URI metrics;

  public NodeProbe(HttpClient client, URI node) {
    this.client = client;
    this.metrics = node.resolve("/metrics");
  }

  /** Null when the node does not answer; the run goes on without node figures for that second. */
  public Sample sample() {
    try {
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) return null;
      Map<String, Double> values = parse(response.body());
      return new Sample(System.nanoTime(), values.getOrDefault("process_cpu_seconds_total", Double.NaN),
          values.getOrDefault("jvm_jit_compilation_seconds_total", Double.NaN),
          values.getOrDefault("jvm_heap_used_bytes", Double.NaN), values.getOrDefault("pushrec_pushes_total", 0.0));
    } catch (Exception e) {
      return null;
    }
  }

  static Map<String, Double> parse(String prometheusText) {
    Map<String, Double> out = new HashMap<>();
    for (String line : prometheusText.split("\n")) {
      if (line.startsWith("#") || line.contains("{")) continue;
      int space = line.indexOf(' ');
      if (space <= 0) continue;
      try {
        out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1).trim()));
      } catch (NumberFormatException ignored) {
        // not a sample line
      }
    }
    return out;
  }
}
