package io.pushrec.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A small self-contained line chart (inline SVG, no scripts), one value per second per series. */
public final class SvgChart {
  private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd"};
  private static final int WIDTH = 760;
  private static final int HEIGHT = 280;
  private static final int LEFT = 64;
  private static final int RIGHT = 16;
  private static final int TOP = 40;
  private static final int BOTTOM = 40;

  private final String title;
  private final String unit;
  private final Map<String, double[]> series = new LinkedHashMap<>();

  public SvgChart(String title, String unit) {
    this.title = title;
    this.unit = unit;
  }

  /** NaN values (no sample in that second) leave a gap in the line. */
  public SvgChart series(String name, double[] perSecond) {
    series.put(name, perSecond);
    return this;
  }

  public String render() {
    int seconds = series.values().stream().mapToInt(v -> v.length).max().orElse(0);
    double top = niceCeiling(series.values().stream().flatMapToDouble(java.util.Arrays::stream)
        .filter(v -> !Double.isNaN(v)).max().orElse(1));
    double plotWidth = WIDTH - LEFT - RIGHT;
    double plotHeight = HEIGHT - TOP - BOTTOM;
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
        + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
    svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"16\" font-size=\"13\" font-weight=\"bold\">%s</text>%n",
        LEFT, escape(title)));
    for (int i = 0; i <= 4; i++) {
      double value = top * i / 4;
      double y = TOP + plotHeight - plotHeight * i / 4;
      svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
          + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT, LEFT + plotWidth, y, y, LEFT - 6, y + 4,
          format(value)));
    }
    svg.append(String.format(Locale.ROOT, "<text x=\"12\" y=\"%d\" transform=\"rotate(-90 12 %d)\" "
        + "text-anchor=\"middle\">%s</text>%n", TOP + (int) plotHeight / 2, TOP + (int) plotHeight / 2, escape(unit)));
    int step = Math.max(1, (int) Math.ceil(seconds / 10.0));
    for (int s = 0; s <= seconds; s += step) {
      double x = LEFT + plotWidth * s / Math.max(1, seconds);
      svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%ds</text>%n", x,
          HEIGHT - BOTTOM + 16, s));
    }
    int colour = 0;
    for (Map.Entry<String, double[]> e : series.entrySet()) {
      String stroke = COLOURS[colour % COLOURS.length];
      StringBuilder path = new StringBuilder();
      boolean penDown = false;
      double[] values = e.getValue();
      for (int s = 0; s < values.length; s++) {
        if (Double.isNaN(values[s])) {
          penDown = false;
          continue;
        }
        double x = LEFT + plotWidth * (s + 0.5) / Math.max(1, seconds);
        double y = TOP + plotHeight - plotHeight * Math.min(values[s], top) / top;
        path.append(String.format(Locale.ROOT, "%s%.1f %.1f ", penDown ? "L" : "M", x, y));
        penDown = true;
      }
      svg.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"/>%n",
          path.toString().trim(), stroke));
      svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"24\" width=\"10\" height=\"10\" fill=\"%s\"/>"
          + "<text x=\"%d\" y=\"33\">%s</text>%n", LEFT + 150 * colour, stroke, LEFT + 150 * colour + 14,
          escape(e.getKey())));
      colour++;
    }
    return svg.append("</svg>\n").toString();
  }

  /** The smallest 1, 2 or 5 times a power of ten at or above the value, so the axis ticks are round numbers. */
  static double niceCeiling(double value) {
    if (value <= 0) return 1;
    double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * magnitude >= value) return m * magnitude;
    }
    return 10 * magnitude;
  }

  private static String format(double value) {
    return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.3g", value);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
