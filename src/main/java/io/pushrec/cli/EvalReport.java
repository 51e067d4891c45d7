package io.pushrec.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pushrec.core.EvaluationResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The evaluation results as a console table, a JSON file and a self-contained HTML report. */
final class EvalReport {
  record Row(String method, EvaluationResult result, double fitSeconds) {}

  private static final String[] PALETTE = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1"};

  private EvalReport() {}

  static String table(List<Row> rows) {
    StringBuilder out = new StringBuilder(String.format("%-14s", "method"));
    for (String key : rows.get(0).result().metrics().keySet()) out.append(String.format("%12s", key));
    out.append(String.format("%8s%10s%10s%n", "users", "eval s", "fit s"));
    for (Row row : rows) {
      out.append(String.format("%-14s", row.method()));
      for (double v : row.result().metrics().values()) out.append(String.format("%12.4f", v));
      out.append(String.format("%8d%10.1f%10.1f%n", row.result().users(), row.result().seconds(), row.fitSeconds()));
    }
    return out.toString();
  }

  /** One object per method: the metrics, "users", "seconds" (evaluation wall time) and "fitSeconds" (tuning). */
  static void writeJson(List<Row> rows, String protocol, Path file) throws IOException {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = json.createObjectNode();
    for (Row row : rows) {
      ObjectNode m = root.putObject(row.method());
      row.result().metrics().forEach(m::put);
      m.put("users", row.result().users());
      m.put("seconds", round(row.result().seconds()));
      m.put("fitSeconds", round(row.fitSeconds()));
      m.put("protocol", protocol);
    }
    createParent(file);
    json.writeValue(file.toFile(), root);
  }

  static void writeHtml(List<Row> rows, String title, Path file) throws IOException {
    StringBuilder html = new StringBuilder();
    html.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>pushrec eval: ").append(escape(title))
        .append("</title><style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse}"
            + "td,th{padding:4px 10px;border-bottom:1px solid #ddd;text-align:right}td:first-child,th:first-child"
            + "{text-align:left}.charts{display:flex;flex-wrap:wrap;gap:1.5em}</style></head><body>");
    html.append("<h1>pushrec eval</h1><p>").append(escape(title)).append("</p><table><tr><th>method</th>");
    Map<String, Double> first = rows.get(0).result().metrics();
    for (String key : first.keySet()) html.append("<th>").append(key).append("</th>");
    html.append("<th>users</th><th>eval s</th><th>fit s</th></tr>");
    for (Row row : rows) {
      html.append("<tr><td>").append(escape(row.method())).append("</td>");
      for (double v : row.result().metrics().values()) html.append(String.format("<td>%.4f</td>", v));
      html.append(String.format("<td>%d</td><td>%.1f</td><td>%.1f</td></tr>", row.result().users(),
          row.result().seconds(), row.fitSeconds()));
    }
    html.append("</table><div class=\"charts\">");
    for (String key : first.keySet()) html.append(chart(key, rows));
    html.append("</div></body></html>\n");
    createParent(file);
    Files.writeString(file, html, StandardCharsets.UTF_8);
  }

  /** A horizontal bar per method, scaled to the best method so small differences stay visible. */
  private static String chart(String metric, List<Row> rows) {
    int barHeight = 22;
    int labelWidth = 110;
    int barWidth = 240;
    int height = 30 + rows.size() * (barHeight + 6);
    double max = rows.stream().mapToDouble(r -> r.result().metrics().get(metric)).max().orElse(0);
    StringBuilder svg = new StringBuilder(String.format(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\"><title>%s</title>"
            + "<text x=\"0\" y=\"16\" font-size=\"14\" font-weight=\"bold\">%s</text>",
        labelWidth + barWidth + 70, height, metric, metric));
    for (int i = 0; i < rows.size(); i++) {
      double v = rows.get(i).result().metrics().get(metric);
      int y = 28 + i * (barHeight + 6);
      int w = max <= 0 ? 0 : (int) Math.round(barWidth * v / max);
      svg.append(String.format(
          "<text x=\"0\" y=\"%d\" font-size=\"12\">%s</text><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>"
              + "<text x=\"%d\" y=\"%d\" font-size=\"12\">%.4f</text>",
          y + 15, escape(rows.get(i).method()), labelWidth, y, w, barHeight, PALETTE[i % PALETTE.length],
          labelWidth + w + 6, y + 15, v));
    }
    return svg.append("</svg>").toString();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  private static double round(double seconds) {
    return Math.round(seconds * 1000) / 1000.0;
  }

  private static void createParent(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) Files.createDirectories(parent);
  }
}
