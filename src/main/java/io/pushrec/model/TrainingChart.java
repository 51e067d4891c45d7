package io.pushrec.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** The training curve as a self-contained HTML page: training loss and validation NDCG@10 per epoch, inline SVG. */
public final class TrainingChart {
  private static final int WIDTH = 560;
  private static final int HEIGHT = 260;
  private static final int MARGIN = 48;

  private TrainingChart() {}

  public static void write(Path file, String title, List<SasRecTrainer.Epoch> curve, int bestEpoch)
      throws IOException {
    StringBuilder html = new StringBuilder();
    html.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>").append(escape(title))
        .append("</title><style>body{font-family:sans-serif;margin:24px}svg{margin-right:24px}"
            + "td,th{padding:2px 10px;text-align:right}</style></head><body><h1>").append(escape(title))
        .append("</h1><p>Best epoch (weights kept): ").append(bestEpoch).append("</p>");
    html.append(chart("training loss (cross-entropy)", curve, SasRecTrainer.Epoch::loss, "#c0392b"));
    html.append(chart("validation NDCG@10 (full ranking)", curve, SasRecTrainer.Epoch::validationNdcg10, "#2471a3"));
    html.append("<table><tr><th>epoch</th><th>loss</th><th>val NDCG@10</th><th>val HR@10</th><th>elapsed s</th></tr>");
    for (SasRecTrainer.Epoch e : curve) {
      html.append(String.format(Locale.ROOT, "<tr><td>%d</td><td>%.4f</td><td>%.4f</td><td>%.4f</td><td>%.0f</td></tr>",
          e.epoch(), e.loss(), e.validationNdcg10(), e.validationHitRate10(), e.seconds()));
    }
    html.append("</table></body></html>\n");
    Files.writeString(file, html, StandardCharsets.UTF_8);
  }

  private static String chart(String label, List<SasRecTrainer.Epoch> curve, ToDoubleFunction<SasRecTrainer.Epoch> y,
      String colour) {
    double min = curve.stream().mapToDouble(y).min().orElse(0);
    double max = curve.stream().mapToDouble(y).max().orElse(1);
    if (max - min < 1e-12) {
      max += 0.5;
      min -= 0.5;
    }
    int lastEpoch = curve.isEmpty() ? 1 : curve.get(curve.size() - 1).epoch();
    StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
        "<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\"><title>%s</title>"
            + "<rect width=\"100%%\" height=\"100%%\" fill=\"#fafafa\"/>"
            + "<text x=\"%d\" y=\"20\" font-size=\"14\">%s</text>",
        WIDTH, HEIGHT, WIDTH, HEIGHT, escape(label), MARGIN, escape(label)));
    svg.append(String.format(Locale.ROOT,
        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/><line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>",
        MARGIN, HEIGHT - MARGIN, WIDTH - 16, HEIGHT - MARGIN, MARGIN, 32, MARGIN, HEIGHT - MARGIN));
    svg.append(String.format(Locale.ROOT,
        "<text x=\"4\" y=\"40\" font-size=\"11\">%.4f</text><text x=\"4\" y=\"%d\" font-size=\"11\">%.4f</text>"
            + "<text x=\"%d\" y=\"%d\" font-size=\"11\">epoch %d</text>",
        max, HEIGHT - MARGIN, min, WIDTH - 90, HEIGHT - MARGIN + 18, lastEpoch));
    StringBuilder points = new StringBuilder();
    for (SasRecTrainer.Epoch e : curve) {
      double px = MARGIN + (WIDTH - 16 - MARGIN) * (lastEpoch == 1 ? 0.5 : (e.epoch() - 1) / (double) (lastEpoch - 1));
      double py = HEIGHT - MARGIN - (HEIGHT - MARGIN - 32) * (y.applyAsDouble(e) - min) / (max - min);
      points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
      svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>", px, py, colour));
    }
    svg.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"2\" points=\"")
        .append(points.toString().trim()).append("\"/></svg>");
    return svg.toString();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
