package io.pushrec.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Writes a bench's runs as report.json, report.html and one latency and one throughput SVG per charted run. */
public final class Report {
  /** @param timeline null for runs without a per-second record (the Cassandra reference) */
  public record Run(String label, Measurement measurement, Timeline timeline) {}

  private final List<Run> runs = new ArrayList<>();
  private final Map<String, Object> context = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();

  public void add(Run run) {
    runs.add(run);
  }

  public void context(String key, Object value) {
    context.put(key, value);
  }

  public void note(String line) {
    notes.add(line);
  }

  public void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("writtenAt", Instant.now().toString());
    json.put("context", context);
    json.put("notes", notes);
    List<Map<String, Object>> runJson = new ArrayList<>();
    StringBuilder html = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>pushrec bench"
        + "</title><style>body{font-family:sans-serif;margin:2em;max-width:820px}pre{background:#f4f4f4;padding:1em;"
        + "white-space:pre-wrap}</style></head><body><h1>pushrec bench</h1>\n<pre>");
    context.forEach((k, v) -> html.append(escape(k + ": " + v)).append('\n'));
    html.append("</pre>\n");
    if (!notes.isEmpty()) html.append("<pre>").append(escape(String.join("\n", notes))).append("</pre>\n");
    for (Run run : runs) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("label", run.label());
      r.put("measurement", run.measurement());
      html.append("<h2>").append(escape(run.label())).append("</h2>\n<pre>")
          .append(escape(run.measurement().summary())).append("</pre>\n");
      if (run.timeline() != null) {
        List<Timeline.Second> seconds = run.timeline().seconds();
        r.put("perSecond", perSecond(seconds));
        String latency = latencyChart(seconds).render();
        String throughput = throughputChart(seconds).render();
        String heap = heapChart(seconds).render();
        Files.writeString(dir.resolve(run.label() + "-latency.svg"), latency);
        Files.writeString(dir.resolve(run.label() + "-throughput.svg"), throughput);
        Files.writeString(dir.resolve(run.label() + "-heap.svg"), heap);
        html.append(latency).append(throughput).append(heap);
      }
      runJson.add(r);
    }
    json.put("runs", runJson);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("report.json").toFile(), json);
    Files.writeString(dir.resolve("report.html"), html.append("</body></html>\n").toString());
  }

  private static SvgChart latencyChart(List<Timeline.Second> seconds) {
    return new SvgChart("Latency per second", "milliseconds")
        .series("HTTP p50", values(seconds, s -> s.http.percentileMillis(50)))
        .series("HTTP p99", values(seconds, s -> s.http.percentileMillis(99)))
        .series("event->push p50", values(seconds, s -> s.push.percentileMillis(50)))
        .series("event->push p99", values(seconds, s -> s.push.percentileMillis(99)));
  }

  private static SvgChart throughputChart(List<Timeline.Second> seconds) {
    return new SvgChart("Throughput per second", "per second")
        .series("acknowledged events", values(seconds, s -> s.acknowledgedEvents.sum()))
        .series("failed requests", values(seconds, s -> s.errors.sum()))
        .series("pushes to listeners", values(seconds, s -> s.pushes.sum()));
  }

  /** Heap used, as the node reports it each second: whether a long run's memory stays bounded. */
  private static SvgChart heapChart(List<Timeline.Second> seconds) {
    return new SvgChart("Node heap used", "MB").series("heap used", values(seconds, s -> s.nodeHeapMb));
  }

  private static List<Map<String, Object>> perSecond(List<Timeline.Second> seconds) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Timeline.Second s : seconds) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("acknowledgedEvents", s.acknowledgedEvents.sum());
      m.put("errors", s.errors.sum());
      m.put("pushes", s.pushes.sum());
      m.put("httpP50Millis", s.http.percentileMillis(50));
      m.put("httpP99Millis", s.http.percentileMillis(99));
      m.put("pushP99Millis", s.push.percentileMillis(99));
      m.put("nodeCpuCores", s.nodeCpuCores);
      m.put("nodeHeapMb", s.nodeHeapMb);
      out.add(m);
    }
    return out;
  }

  private static double[] values(List<Timeline.Second> seconds, ToDoubleFunction<Timeline.Second> f) {
    return seconds.stream().mapToDouble(f).toArray();
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
