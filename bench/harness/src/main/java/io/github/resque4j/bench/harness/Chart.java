package io.github.resque4j.bench.harness;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.imageio.ImageIO;

/**
 * Throughput-vs-workers line chart drawn with java.awt into a PNG (run headless): one line per implementation,
 * worker counts evenly spaced on x, jobs/s on a logarithmic y axis, dashed horizontal reference lines.
 */
final class Chart {
    private static final Color[] COLORS = {new Color(0xD62728), new Color(0x1F77B4), new Color(0x2CA02C),
        new Color(0x9467BD), new Color(0xFF7F0E), new Color(0x8C564B)};
    private static final int W = 1000;
    private static final int H = 620;
    private static final int LEFT = 95;
    private static final int RIGHT = 40;
    private static final int TOP = 60;
    private static final int BOTTOM = 75;

    private Chart() {
    }

    static void render(Map<String, double[]> series, List<Integer> workers, Map<String, Double> references,
            String title, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);

        List<Double> all = new ArrayList<>();
        series.values().forEach(v -> {
            for (double d : v) {
                if (d > 0 && !Double.isNaN(d)) {
                    all.add(d);
                }
            }
        });
        all.addAll(references.values().stream().filter(d -> d > 0 && !Double.isNaN(d)).toList());
        double min = all.stream().mapToDouble(Double::doubleValue).min().orElse(1);
        double max = all.stream().mapToDouble(Double::doubleValue).max().orElse(10);
        double lo = Math.pow(10, Math.floor(Math.log10(min)));
        double hi = Math.pow(10, Math.ceil(Math.log10(max * 1.05)));
        if (hi / lo < 10) {
            hi = lo * 10;
        }
        int plotW = W - LEFT - RIGHT;
        int plotH = H - TOP - BOTTOM;
        double logLo = Math.log10(lo);
        double logHi = Math.log10(hi);
        java.util.function.DoubleToIntFunction y = v -> TOP + (int) Math.round(plotH * (1 - (Math.log10(v) - logLo)
                / (logHi - logLo)));
        java.util.function.IntUnaryOperator x = i -> LEFT + (workers.size() == 1 ? plotW / 2
                : (int) Math.round(plotW * (0.06 + 0.88 * i / (double) (workers.size() - 1))));

        Font small = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
        Font label = new Font(Font.SANS_SERIF, Font.PLAIN, 15);
        // grid and y ticks: 1, 2, 5 per decade
        g.setFont(small);
        FontMetrics fm = g.getFontMetrics();
        for (double dec = lo; dec < hi * 1.001; dec *= 10) {
            for (int m : new int[] {1, 2, 5}) {
                double v = dec * m;
                if (v > hi * 1.001) {
                    break;
                }
                int yy = y.applyAsInt(v);
                g.setColor(m == 1 ? new Color(0xCCCCCC) : new Color(0xEEEEEE));
                g.drawLine(LEFT, yy, W - RIGHT, yy);
                g.setColor(Color.DARK_GRAY);
                String s = tick(v);
                g.drawString(s, LEFT - 8 - fm.stringWidth(s), yy + fm.getAscent() / 2 - 1);
            }
        }
        // axes
        g.setColor(Color.BLACK);
        g.drawLine(LEFT, TOP, LEFT, TOP + plotH);
        g.drawLine(LEFT, TOP + plotH, W - RIGHT, TOP + plotH);
        for (int i = 0; i < workers.size(); i++) {
            int xx = x.applyAsInt(i);
            g.drawLine(xx, TOP + plotH, xx, TOP + plotH + 5);
            String s = String.valueOf(workers.get(i));
            g.drawString(s, xx - fm.stringWidth(s) / 2, TOP + plotH + 20);
        }
        g.setFont(label);
        fm = g.getFontMetrics();
        String xl = "workers (concurrency)";
        g.drawString(xl, LEFT + plotW / 2 - fm.stringWidth(xl) / 2, H - 25);
        Graphics2D gr = (Graphics2D) g.create();
        gr.rotate(-Math.PI / 2);
        String yl = "jobs/s (log scale)";
        gr.drawString(yl, -(TOP + plotH / 2) - fm.stringWidth(yl) / 2, 22);
        gr.dispose();
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        fm = g.getFontMetrics();
        g.drawString(title, W / 2 - fm.stringWidth(title) / 2, 32);

        // reference lines
        Stroke dashed = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {8, 6}, 0);
        g.setFont(small);
        fm = g.getFontMetrics();
        for (Map.Entry<String, Double> r : references.entrySet()) {
            if (Double.isNaN(r.getValue())) {
                continue;
            }
            int yy = y.applyAsInt(r.getValue());
            g.setColor(Color.GRAY);
            g.setStroke(dashed);
            g.drawLine(LEFT, yy, W - RIGHT, yy);
            g.setStroke(new BasicStroke(1));
            String s = r.getKey() + ": " + tick(r.getValue()) + "/s";
            g.drawString(s, W - RIGHT - fm.stringWidth(s) - 4, yy - 5);
        }

        // series
        int c = 0;
        List<String> names = new ArrayList<>(series.keySet());
        for (String name : names) {
            double[] v = series.get(name);
            g.setColor(COLORS[c++ % COLORS.length]);
            g.setStroke(new BasicStroke(name.equals(Harness.RESQUE4J) ? 3.5f : 2.2f));
            int px = -1;
            int py = -1;
            for (int i = 0; i < v.length; i++) {
                if (Double.isNaN(v[i]) || v[i] <= 0) {
                    px = -1;
                    continue;
                }
                int xx = x.applyAsInt(i);
                int yy = y.applyAsInt(v[i]);
                if (px >= 0) {
                    g.drawLine(px, py, xx, yy);
                }
                g.fillOval(xx - 5, yy - 5, 10, 10);
                px = xx;
                py = yy;
            }
        }
        // legend, top left inside the plot
        g.setStroke(new BasicStroke(3));
        g.setFont(label);
        fm = g.getFontMetrics();
        int lw = names.stream().mapToInt(fm::stringWidth).max().orElse(50) + 60;
        int lx = LEFT + 14;
        int ly = TOP + 12;
        g.setColor(new Color(255, 255, 255, 230));
        g.fillRect(lx, ly, lw, names.size() * 22 + 10);
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1));
        g.drawRect(lx, ly, lw, names.size() * 22 + 10);
        c = 0;
        for (String name : names) {
            Color col = COLORS[c++ % COLORS.length];
            int yy = ly + 20 + (c - 1) * 22;
            g.setColor(col);
            g.setStroke(new BasicStroke(3));
            g.drawLine(lx + 10, yy - 5, lx + 40, yy - 5);
            g.fillOval(lx + 20, yy - 10, 10, 10);
            g.setColor(Color.BLACK);
            g.drawString(name, lx + 50, yy);
        }
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    private static String tick(double v) {
        if (v >= 1_000_000) {
            return trim(v / 1_000_000) + "M";
        }
        if (v >= 1_000) {
            return trim(v / 1_000) + "k";
        }
        return trim(v);
    }

    private static String trim(double v) {
        return v >= 100 || Math.abs(v - Math.rint(v)) < 1e-9 ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.1f", v);
    }
}
