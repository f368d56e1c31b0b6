package io.github.resque4j.json;

/**
 * Spells doubles the way Ruby does: {@code Float#to_s} (which the json gem and ActiveSupport use) and
 * Oj's compat-mode float dump.
 */
final class RubyFloatFormat {

    /** Ruby prints integral floats in plain notation only up to DBL_DIG (15) integer digits. */
    private static final int DBL_DIG = 15;

    /** Below this every integral double's own digits are already its shortest round-trip digits. */
    private static final double PLAIN_INTEGER_LIMIT = 1e15;

    /** (double) (long long) d in C is exact only inside the int64 range [-2^63, 2^63). */
    private static final double INT64_LIMIT = 0x1p63;

    private RubyFloatFormat() {
    }

    /** Ruby's {@code Float#to_s}, including its spellings of NaN and the infinities. */
    static String toS(double d) {
        StringBuilder out = new StringBuilder(24);
        appendToS(out, d);
        return out.toString();
    }

    /**
     * Appends Ruby's {@code Float#to_s} (numeric.c {@code flo_to_s}, Ruby 2.x-3.x): shortest round-trip
     * digits, in plain notation for 1e-4 <= |d| < 1e15 (and up to 1e16 when a fraction digit remains),
     * otherwise as {@code d.ddde+XX}.
     */
    static void appendToS(StringBuilder out, double d) {
        if (Double.isNaN(d)) {
            out.append("NaN");
            return;
        }
        if (Double.isInfinite(d)) {
            out.append(d > 0 ? "Infinity" : "-Infinity");
            return;
        }
        if (d == 0) {
            out.append(Double.doubleToRawLongBits(d) < 0 ? "-0.0" : "0.0"); // Ruby keeps the sign of -0.0
            return;
        }
        if (d < 0) {
            out.append('-');
            d = -d;
        }
        if (d < PLAIN_INTEGER_LIMIT && d == (long) d) {
            out.append((long) d).append(".0"); // fast path: 3.0, 100.0 need no digit search
            return;
        }
        ShortestDecimal shortest = ShortestDecimal.of(d);
        appendDigits(out, Long.toString(shortest.significand()), shortest.exponent());
    }

    /**
     * Appends Oj 3.14's compat-mode spelling ({@code mode: :compat}, MultiJson's default with oj).
     * Mirrors {@code dump_float} in ext/oj/dump_compat.c (v3.14.2), lines 566-613:
     * <ul>
     *   <li>572-578: {@code 0.0 == d} writes {@code 0.0}, so -0.0 loses its sign;</li>
     *   <li>600-601: {@code d == (double)(long long)d} writes {@code printf("%.1f")}, i.e. every
     *       integral value in the int64 range in plain digits ({@code 1e16} as
     *       {@code 10000000000000000.0}). Out of range the C cast yields INT64_MIN on x86-64, so
     *       -2^63 is still plain but 2^63 and above fall through;</li>
     *   <li>602-603: {@code oj_rails_float_opt} ({@code "%0.16g"}) is false unless
     *       {@code Oj.optimize_rails} ran (ext/oj/rails.c:23, set at 728/747), so not for MultiJson;</li>
     *   <li>604-608: otherwise Ruby's {@code Float#to_s}.</li>
     * </ul>
     * NaN and the infinities raise in compat mode (lines 579-599) and never reach this method.
     */
    static void appendOjCompat(StringBuilder out, double d) {
        if (d == 0) {
            out.append("0.0");
        } else if (d >= -INT64_LIMIT && d < INT64_LIMIT && d == (long) d) {
            out.append((long) d).append(".0");
        } else {
            appendToS(out, d);
        }
    }

    /**
     * Lays out digits d1..dn of the value 0.d1..dn × 10^decpt exactly as {@code flo_to_s} does.
     *
     * @param digits the significant digits, no leading or trailing zeros
     * @param exponent value = digits × 10^exponent
     */
    private static void appendDigits(StringBuilder out, String digits, int exponent) {
        int n = digits.length();
        int decpt = exponent + n;
        if (decpt > 0 && decpt < n) {
            // A fraction remains: plain, whatever the magnitude (1234567890123456.8 stays plain).
            out.append(digits, 0, decpt).append('.').append(digits, decpt, n);
        } else if (decpt > 0 && decpt <= DBL_DIG) {
            out.append(digits);
            appendZeros(out, decpt - n);
            out.append(".0");
        } else if (decpt <= 0 && decpt > -4) {
            out.append("0.");
            appendZeros(out, -decpt);
            out.append(digits);
        } else {
            out.append(digits.charAt(0)).append('.');
            if (n > 1) {
                out.append(digits, 1, n);
            } else {
                out.append('0');
            }
            // C's "e%+03d": explicit sign, at least two exponent digits.
            int e = decpt - 1;
            out.append('e').append(e < 0 ? '-' : '+');
            if (Math.abs(e) < 10) {
                out.append('0');
            }
            out.append(Math.abs(e));
        }
    }

    private static void appendZeros(StringBuilder out, int count) {
        for (int i = 0; i < count; i++) {
            out.append('0');
        }
    }
}
