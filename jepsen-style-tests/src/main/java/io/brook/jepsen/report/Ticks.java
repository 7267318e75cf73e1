package io.brook.jepsen.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Axis ticks at round numbers: steps of 1, 2 or 5 times a power of ten, or powers of ten on a log axis. */
final class Ticks {

    private Ticks() {}

    /** A round step that cuts {@code range} into about {@code count} pieces. */
    static double step(double range, int count) {
        if (!(range > 0)) {
            return 1;
        }
        double raw = range / count;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double norm = raw / magnitude;
        double nice = norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10;
        return nice * magnitude;
    }

    /** The smallest multiple of {@code step} at or above {@code value} (at least one step). */
    static double ceil(double value, double step) {
        return Math.max(step, Math.ceil(value / step - 1e-9) * step);
    }

    /** 0, step, 2 step, ... up to {@code max}. */
    static List<Double> linear(double max, double step) {
        List<Double> ticks = new ArrayList<>();
        for (int i = 0; i * step <= max + step * 1e-9; i++) {
            ticks.add(i * step);
        }
        return ticks;
    }

    /** Powers of ten from the one at or below {@code min} to the one at or above {@code max} (two at least). */
    static List<Double> powersOfTen(double min, double max) {
        int lo = (int) Math.floor(Math.log10(min));
        int hi = Math.max(lo + 1, (int) Math.ceil(Math.log10(max)));
        List<Double> ticks = new ArrayList<>();
        for (int e = lo; e <= hi; e++) {
            ticks.add(Math.pow(10, e));
        }
        return ticks;
    }

    /** A tick label: no decimals for whole numbers, "k"/"M" for thousands and millions, else up to 3 decimals. */
    static String label(double value) {
        double abs = Math.abs(value);
        if (abs >= 1e6 && value % 1e5 == 0) {
            return trim(value / 1e6) + "M";
        }
        if (abs >= 1e4 && value % 100 == 0) {
            return trim(value / 1e3) + "k";
        }
        return trim(value);
    }

    private static String trim(double value) {
        if (value == Math.rint(value)) {
            return Long.toString((long) value);
        }
        String s = String.format(Locale.ROOT, "%.3f", value);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
