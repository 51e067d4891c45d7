package io.pushrec.replay;

import io.pushrec.core.ExperimentReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/** The replay report as one self-contained HTML page with inline SVG bar charts: no script, no fetch. */
public final class ReplayHtml {
  private static final String[] COLOURS = {"#2f6fdf", "#e07a1f", "#3a9a5b", "#8a55c7", "#c7405a"};
  private static final int WIDTH = 640;
  private static final int BAR = 22;

  private ReplayHtml() {}

  public static String render(String title, String setup, List<ReplaySummary> summaries, ExperimentReport ab) {
    StringBuilder out = new StringBuilder();
    out.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title))
        .append("</title><style>body{font:14px system-ui,sans-serif;margin:2em;max-width:760px}"
            + "table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:4px 10px;text-align:right}"
            + "th:first-child,td:first-child{text-align:left}</style></head><body>");
    out.append("<h1>").append(esc(title)).append("</h1><p>").append(esc(setup)).append("</p>");
    List<String> names = summaries.stream().map(ReplaySummary::strategy).toList();
    out.append("<h2>Push-hit-rate</h2>");
    bars(out, names, summaries.stream().mapToDouble(ReplaySummary::hitRate).toArray(), "%.3f");
    out.append("<h2>Pushes per user per active day</h2>");
    bars(out, names, summaries.stream().mapToDouble(ReplaySummary::pushesPerUserDay).toArray(), "%.2f");
    TreeSet<String> reasons = new TreeSet<>();
    summaries.forEach(s -> reasons.addAll(s.suppressed().keySet()));
    for (String reason : reasons) {
      out.append("<h2>Suppressed: ").append(esc(reason)).append("</h2>");
      bars(out, names, summaries.stream().mapToDouble(s -> s.suppressed().getOrDefault(reason, 0L)).toArray(), "%.0f");
    }
    out.append("<h2>Figures</h2><table><tr><th>strategy</th><th>users</th><th>pushes</th><th>judged</th><th>hits</th>"
        + "<th>hit-rate</th><th>pushes/user/day</th><th>max in 1 h</th><th>max in 24 h</th></tr>");
    for (ReplaySummary s : summaries) {
      out.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td><td>%.4f</td>"
          + "<td>%.3f</td><td>%d</td><td>%d</td></tr>", esc(s.strategy()), s.users(), s.pushes(), s.judged(), s.hits(),
          s.hitRate(), s.pushesPerUserDay(), s.maxPerHour(), s.maxPerDay()));
    }
    out.append("</table>");
    if (ab != null) {
      out.append("<h2>A/B test on the replayed population: ").append(esc(ab.experiment())).append("</h2>")
          .append("<table><tr><th>variant</th><th>impressions</th><th>clicks</th><th>CTR</th><th>95 % CI</th>"
              + "<th>z vs control</th><th>p</th></tr>");
      for (ExperimentReport.Row r : ab.variants()) {
        out.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%d</td><td>%d</td><td>%.4f</td><td>%.4f – %.4f</td>"
            + "<td>%s</td><td>%s</td></tr>", esc(r.name()), r.impressions(), r.clicks(), r.ctr(), r.ci95().low(),
            r.ci95().high(), r.vsControl() == null ? "control" : String.format(Locale.ROOT, "%.2f", r.vsControl().z()),
            r.vsControl() == null ? "" : String.format(Locale.ROOT, "%.2g", r.vsControl().pValue())));
      }
      out.append("</table>");
    }
    return out.append("</body></html>\n").toString();
  }

  private static void bars(StringBuilder out, List<String> names, double[] values, String format) {
    double max = 0;
    for (double v : values) max = Math.max(max, v);
    int labelWidth = 230;
    int height = names.size() * (BAR + 8) + 8;
    out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
        .append(height).append("\" role=\"img\">");
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      int y = 8 + i * (BAR + 8);
      double w = max == 0 ? 0 : (WIDTH - labelWidth - 70) * values[i] / max;
      rows.add(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\" font-size=\"13\">%s</text>"
              + "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>"
              + "<text x=\"%.1f\" y=\"%d\" font-size=\"13\">%s</text>", y + BAR - 6, esc(names.get(i)), labelWidth, y,
          w, BAR, COLOURS[i % COLOURS.length], labelWidth + w + 6, y + BAR - 6,
          String.format(Locale.ROOT, format, values[i])));
    }
    rows.forEach(out::append);
    out.append("</svg>");
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
