package io.brook.jepsen.report;

import java.util.ArrayList;
import java.util.List;

/**
 * One chart as inline SVG: per-second series over the run's time, fault windows shaded and labelled
 * behind them, axes with round ticks and units. The y axis is linear from zero, or logarithmic (powers
 * of ten) for latencies, whose spikes under faults span orders of magnitude. NaN values leave gaps. No
 * scripts, fonts or anything fetched: the generic {@code sans-serif} family only.
 */
final class SvgChart {

    static final int WIDTH = 960;
    static final int HEIGHT = 300;
    private static final int LEFT = 76;
    private static final int RIGHT = 24;
    private static final int TOP = 40;
    private static final int BOTTOM = 52;
    private static final int PLOT_WIDTH = WIDTH - LEFT - RIGHT;
    private static final int PLOT_HEIGHT = HEIGHT - TOP - BOTTOM;

    /** A line: one value per second, drawn at the middle of its second. */
    record Series(String name, String color, double[] values) {}

    private final String title;
    private final String yLabel;
    private final boolean logY;
    private final int seconds;
    private final List<Series> series = new ArrayList<>();
    private final List<FaultWindow> windows;
    private double yMin;
    private double yMax;

    SvgChart(String title, String yLabel, boolean logY, int seconds, List<FaultWindow> windows) {
        this.title = title;
        this.yLabel = yLabel;
        this.logY = logY;
        this.seconds = Math.max(1, seconds);
        this.windows = windows;
    }

    SvgChart add(String name, String color, double[] values) {
        series.add(new Series(name, color, values));
        return this;
    }

    String render() {
        List<Double> yTicks = scaleY();
        StringBuilder svg = new StringBuilder(8192);
        svg.append("<svg class=\"chart\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"").append(Svg.escape(title))
                .append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.append("<text x=\"").append(LEFT).append("\" y=\"22\" font-size=\"15\" font-weight=\"bold\">")
                .append(Svg.escape(title)).append("</text>\n");
        renderWindows(svg);
        renderYAxis(svg, yTicks);
        renderXAxis(svg);
        for (Series s : series) {
            renderSeries(svg, s);
        }
        renderLegend(svg);
        return svg.append("</svg>\n").toString();
    }

    private List<Double> scaleY() {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (Series s : series) {
            for (double v : s.values()) {
                if (Double.isFinite(v) && (!logY || v > 0)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (logY) {
            List<Double> ticks = max > 0 ? Ticks.powersOfTen(min, max) : Ticks.powersOfTen(1, 10);
            yMin = ticks.get(0);
            yMax = ticks.get(ticks.size() - 1);
            return ticks;
        }
        double step = Ticks.step(max * 1.05, 5);
        yMin = 0;
        yMax = Ticks.ceil(max * 1.05, step);
        return Ticks.linear(yMax, step);
    }

    private double x(double second) {
        return LEFT + Math.min(1, Math.max(0, second / seconds)) * PLOT_WIDTH;
    }

    private double y(double value) {
        double f = logY ? (Math.log10(value) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin))
                : (value - yMin) / (yMax - yMin);
        return TOP + PLOT_HEIGHT - f * PLOT_HEIGHT;
    }

    private void renderWindows(StringBuilder svg) {
        svg.append("<g class=\"faults\">\n");
        for (int i = 0; i < windows.size(); i++) {
            FaultWindow w = windows.get(i);
            double start = w.startNanos() / 1e9;
            double end = w.endNanos() / 1e9;
            double x0 = x(start);
            double width = Math.max(1, x(end) - x0);
            String span = Svg.escape(w.name()) + ": " + Ticks.label(round(start)) + " s to " + Ticks.label(round(end)) + " s";
            svg.append("<rect class=\"fault\" x=\"").append(Svg.num(x0)).append("\" y=\"").append(TOP)
                    .append("\" width=\"").append(Svg.num(width)).append("\" height=\"").append(PLOT_HEIGHT)
                    .append("\" fill=\"#d62728\" fill-opacity=\"0.14\"><title>").append(span).append("</title></rect>\n");
            svg.append("<text class=\"fault-label\" x=\"").append(Svg.num(x0 + 3)).append("\" y=\"")
                    .append(TOP + 12 + (i % 3) * 13).append("\" fill=\"#a11\" font-size=\"11\">")
                    .append(Svg.escape(w.name())).append("</text>\n");
        }
        svg.append("</g>\n");
    }

    private void renderYAxis(StringBuilder svg, List<Double> ticks) {
        svg.append("<g class=\"y-axis\">\n");
        for (double t : ticks) {
            String y = Svg.num(y(t));
            svg.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + PLOT_WIDTH).append("\" y1=\"").append(y)
                    .append("\" y2=\"").append(y).append("\" stroke=\"#e3e3e3\"/>");
            svg.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(Svg.num(y(t) + 4))
                    .append("\" text-anchor=\"end\">").append(Ticks.label(t)).append("</text>\n");
        }
        svg.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(LEFT).append("\" y1=\"").append(TOP)
                .append("\" y2=\"").append(TOP + PLOT_HEIGHT).append("\" stroke=\"#333\"/>\n");
        svg.append("<text transform=\"translate(18 ").append(TOP + PLOT_HEIGHT / 2).append(") rotate(-90)\" text-anchor=\"middle\">")
                .append(Svg.escape(yLabel)).append("</text>\n</g>\n");
    }

    private void renderXAxis(StringBuilder svg) {
        int bottom = TOP + PLOT_HEIGHT;
        double step = Ticks.step(seconds, 10);
        svg.append("<g class=\"x-axis\">\n<line x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + PLOT_WIDTH)
                .append("\" y1=\"").append(bottom).append("\" y2=\"").append(bottom).append("\" stroke=\"#333\"/>\n");
        for (double t : Ticks.linear(seconds, step)) {
            String x = Svg.num(x(t));
            svg.append("<line x1=\"").append(x).append("\" x2=\"").append(x).append("\" y1=\"").append(bottom)
                    .append("\" y2=\"").append(bottom + 5).append("\" stroke=\"#333\"/>");
            svg.append("<text x=\"").append(x).append("\" y=\"").append(bottom + 18).append("\" text-anchor=\"middle\">")
                    .append(Ticks.label(t)).append("</text>\n");
        }
        svg.append("<text x=\"").append(LEFT + PLOT_WIDTH / 2).append("\" y=\"").append(HEIGHT - 10)
                .append("\" text-anchor=\"middle\">time since start (s)</text>\n</g>\n");
    }

    private void renderSeries(StringBuilder svg, Series s) {
        svg.append("<g class=\"series\" stroke=\"").append(s.color()).append("\" fill=\"").append(s.color()).append("\">\n");
        List<String> run = new ArrayList<>();
        double[] values = s.values();
        for (int i = 0; i <= values.length; i++) {
            boolean drawable = i < values.length && Double.isFinite(values[i]) && (!logY || values[i] > 0);
            if (drawable) {
                run.add(Svg.num(x(i + 0.5)) + "," + Svg.num(y(values[i])));
            } else if (!run.isEmpty()) {
                flush(svg, run);
            }
        }
        svg.append("</g>\n");
    }

    private static void flush(StringBuilder svg, List<String> run) {
        if (run.size() == 1) {
            String[] xy = run.get(0).split(",");
            svg.append("<circle cx=\"").append(xy[0]).append("\" cy=\"").append(xy[1]).append("\" r=\"2\" stroke=\"none\"/>\n");
        } else {
            svg.append("<polyline fill=\"none\" stroke-width=\"1.5\" points=\"").append(String.join(" ", run)).append("\"/>\n");
        }
        run.clear();
    }

    private void renderLegend(StringBuilder svg) {
        svg.append("<g class=\"legend\">\n");
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            int x = WIDTH - RIGHT - 170 * (series.size() - i);
            svg.append("<line x1=\"").append(x).append("\" x2=\"").append(x + 20).append("\" y1=\"18\" y2=\"18\" stroke=\"")
                    .append(s.color()).append("\" stroke-width=\"2\"/>");
            svg.append("<text x=\"").append(x + 26).append("\" y=\"22\">").append(Svg.escape(s.name())).append("</text>\n");
        }
        svg.append("</g>\n");
    }

    private static double round(double seconds) {
        return Math.round(seconds * 10) / 10.0;
    }
}
