package io.brook.jepsen.report;

import java.util.Locale;

/** Text and number formatting for hand-written SVG and HTML. */
final class Svg {

    private Svg() {}

    /** Escapes the five characters that are markup in text and attribute values. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A coordinate with one decimal, never in scientific notation or a locale's comma. */
    static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
