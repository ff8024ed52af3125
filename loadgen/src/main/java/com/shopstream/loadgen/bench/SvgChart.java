package com.shopstream.loadgen.bench;

import java.util.List;
import java.util.Locale;

/**
 * Draws the sustained-rate search as an SVG line chart: events per second sent and stored (left
 * axis) and the consumer lag (right axis) over time, with each step's target rate marked.
 */
final class SvgChart {

    private static final int WIDTH = 1000;
    private static final int HEIGHT = 420;
    private static final int LEFT = 70;
    private static final int RIGHT = 80;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;

    private SvgChart() {
    }

    static String throughputAndLag(List<SustainedRateSearch.Sample> samples) {
        double maxX = samples.stream().mapToDouble(SustainedRateSearch.Sample::second).max().orElse(1);
        double maxRate = niceCeiling(samples.stream()
                .mapToDouble(s -> Math.max(s.sentPerSecond(), Math.max(s.storedPerSecond(), s.targetRate()))).max().orElse(1));
        double maxLag = niceCeiling(samples.stream().mapToDouble(SustainedRateSearch.Sample::lag).max().orElse(1));
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n",
                WIDTH, HEIGHT));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append("<text x=\"").append(LEFT).append("\" y=\"20\" font-size=\"15\">Sustained-rate search: throughput and consumer lag</text>\n");
        for (int i = 0; i <= 5; i++) {
            double y = TOP + plotHeight() * (1 - i / 5.0);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
                    LEFT, y, WIDTH - RIGHT, y));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%,.0f</text>%n",
                    LEFT - 6, y + 4, maxRate * i / 5));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" fill=\"#c0392b\">%,.0f</text>%n",
                    WIDTH - RIGHT + 6, y + 4, maxLag * i / 5));
        }
        for (int i = 0; i <= 10; i++) {
            double x = LEFT + plotWidth() * i / 10.0;
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.0fs</text>%n",
                    x, HEIGHT - BOTTOM + 18, maxX * i / 10));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">events/s</text>%n", 8, TOP - 8));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#c0392b\">lag (events)</text>%n", WIDTH - RIGHT, TOP - 8));
        svg.append(line(samples, maxX, maxRate, "#95a5a6", "4 3", SustainedRateSearch.Sample::targetRate));
        svg.append(line(samples, maxX, maxRate, "#2980b9", null, SustainedRateSearch.Sample::sentPerSecond));
        svg.append(line(samples, maxX, maxRate, "#27ae60", null, SustainedRateSearch.Sample::storedPerSecond));
        svg.append(line(samples, maxX, maxLag, "#c0392b", null, s -> s.lag()));
        int legendY = HEIGHT - 12;
        svg.append(legend(LEFT, legendY, "#95a5a6", "target rate"));
        svg.append(legend(LEFT + 140, legendY, "#2980b9", "sent by the load generator"));
        svg.append(legend(LEFT + 360, legendY, "#27ae60", "stored by the aggregator"));
        svg.append(legend(LEFT + 570, legendY, "#c0392b", "consumer lag"));
        svg.append("</svg>\n");
        return svg.toString();
    }

    private interface Value {
        double of(SustainedRateSearch.Sample sample);
    }

    private static String line(List<SustainedRateSearch.Sample> samples, double maxX, double maxY, String color, String dash, Value value) {
        StringBuilder points = new StringBuilder();
        for (SustainedRateSearch.Sample sample : samples) {
            double x = LEFT + plotWidth() * sample.second() / maxX;
            double y = TOP + plotHeight() * (1 - Math.min(1, value.of(sample) / maxY));
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        return String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.8\"%s points=\"%s\"/>%n",
                color, dash == null ? "" : " stroke-dasharray=\"" + dash + "\"", points.toString().trim());
    }

    private static String legend(int x, int y, String color, String label) {
        return String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"/>"
                + "<text x=\"%d\" y=\"%d\">%s</text>%n", x, y - 4, x + 20, y - 4, color, x + 26, y, label);
    }

    private static double niceCeiling(double value) {
        if (value <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= value) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static int plotWidth() {
        return WIDTH - LEFT - RIGHT;
    }

    private static int plotHeight() {
        return HEIGHT - TOP - BOTTOM;
    }
}
