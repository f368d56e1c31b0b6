package io.github.resque4j.json;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random JSON-able values in the canonical Java types {@link RubyJson#decode} produces, so that
 * {@code decode(encode(v)).equals(v)} is a meaningful check.
 */
final class RandomValues {

    /** Borders of Ruby's notation switches and of exact integers, probed with their neighbours. */
    private static final double[] BORDERS = {1e-4, 1e-5, 1e15, 1e16, 0x1p53, 0x1p63, 1e23, Double.MIN_NORMAL};

    /** Characters some profile escapes, or that a careless encoder might. */
    private static final String SPECIALS = "\"\\/<>&'\u007f\u2028\u2029";

    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private RandomValues() {
    }

    /** A scalar, list or map nested at most {@code depth} levels. */
    static Object randomValue(Random random, int depth) {
        int kind = random.nextInt(depth > 0 ? 9 : 7);
        return switch (kind) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2, 3 -> randomString(random);
            case 4 -> randomInteger(random);
            case 5, 6 -> randomFiniteDouble(random);
            case 7 -> {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(5); i > 0; i--) {
                    list.add(randomValue(random, depth - 1));
                }
                yield list;
            }
            default -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = random.nextInt(5); i > 0; i--) {
                    map.put(randomString(random), randomValue(random, depth - 1));
                }
                yield map;
            }
        };
    }

    /** Code points from every class that matters: ASCII, controls, escapes, U+2028/9, BMP, astral. */
    static String randomString(Random random) {
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            int codePoint = switch (random.nextInt(8)) {
                case 0 -> 0x20 + random.nextInt(0x5F);
                case 1 -> random.nextInt(0x20);
                case 2 -> SPECIALS.charAt(random.nextInt(SPECIALS.length()));
                case 3 -> 0x80 + random.nextInt(0x780);
                case 4 -> {
                    int c = 0x800 + random.nextInt(0xF800);
                    yield Character.isSurrogate((char) c) ? 'x' : c;
                }
                case 5 -> 0x10000 + random.nextInt(0x100000);
                default -> 'a' + random.nextInt(26);
            };
            s.appendCodePoint(codePoint);
        }
        return s.toString();
    }

    /** Integer, Long or BigInteger, whichever the decoder would produce for the value. */
    static Object randomInteger(Random random) {
        BigInteger value = switch (random.nextInt(6)) {
            case 0 -> BigInteger.valueOf(random.nextInt());
            case 1 -> BigInteger.valueOf(random.nextLong());
            case 2 -> BigInteger.valueOf(random.nextInt(2001) - 1000);
            case 3 -> (random.nextBoolean() ? LONG_MAX : LONG_MIN).add(BigInteger.valueOf(random.nextInt(5) - 2));
            case 4 -> BigInteger.valueOf(Integer.MAX_VALUE).add(BigInteger.valueOf(random.nextInt(5) - 2));
            default -> new BigInteger(64 + random.nextInt(600), random).multiply(BigInteger.valueOf(random.nextBoolean() ? 1 : -1));
        };
        if (value.bitLength() < 32) {
            return value.intValue();
        }
        return value.bitLength() < 64 ? (Object) value.longValue() : value;
    }

    /** A finite double from a mix of distributions that stress digit generation and formatting. */
    static double randomFiniteDouble(Random random) {
        double d;
        do {
            d = switch (random.nextInt(7)) {
                case 0 -> Double.longBitsToDouble(random.nextLong());
                case 1 -> {
                    double border = BORDERS[random.nextInt(BORDERS.length)];
                    for (int steps = random.nextInt(7) - 3; steps != 0; steps += steps > 0 ? -1 : 1) {
                        border = steps > 0 ? Math.nextUp(border) : Math.nextDown(border);
                    }
                    yield border;
                }
                case 2 -> Double.longBitsToDouble(random.nextLong() & 0x000F_FFFF_FFFF_FFFFL); // subnormal
                case 3 -> Math.scalb(1.0, random.nextInt(2098) - 1074);
                case 4 -> {
                    int digits = 1 + random.nextInt(17);
                    long significand = (long) Math.pow(10, digits - 1) + (long) (random.nextDouble() * 9 * Math.pow(10, digits - 1));
                    yield Double.parseDouble(significand + "e" + (random.nextInt(60) - 30));
                }
                case 5 -> (double) (random.nextLong() >> random.nextInt(64));
                default -> random.nextDouble() * Math.pow(10, random.nextInt(30) - 10);
            };
        } while (!Double.isFinite(d));
        return random.nextBoolean() ? d : -d;
    }
}
