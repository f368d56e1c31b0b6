package io.github.resque4j.json;

import java.math.BigInteger;

/**
 * The shortest decimal that reads back as a given double: {@code significand × 10^exponent}.
 *
 * <p>Ruby's {@code Float#to_s} takes its digits from David Gay's {@code dtoa} in mode 0: the fewest
 * significant digits that round-trip, and among those the one nearest the exact binary value (ties to
 * an even last digit). Ulf Adams' Ryū algorithm (PLDI 2018) computes exactly that set of digits with
 * 64/128-bit integer arithmetic, so it is used here. JDK 17's {@code Double.toString} is not: it
 * sometimes emits more digits than needed (JDK-4511638, e.g. {@code 1.0E23} as
 * {@code 1.0000000000000001E23}).
 *
 * @param significand the digits as an integer, without trailing zeros
 * @param exponent the power of ten to scale {@code significand} by
 */
record ShortestDecimal(long significand, int exponent) {

    private static final int MANTISSA_BITS = 52;
    private static final int EXPONENT_BIAS = 1023;
    private static final int POW5_BITCOUNT = 125;
    private static final int POW5_INV_BITCOUNT = 125;

    /**
     * Returns the shortest decimal for a finite, strictly positive double.
     *
     * @param v finite and {@code > 0}; the caller deals with sign, zero, NaN and infinity
     */
    static ShortestDecimal of(double v) {
        long bits = Double.doubleToRawLongBits(v);
        long ieeeMantissa = bits & ((1L << MANTISSA_BITS) - 1);
        int ieeeExponent = (int) (bits >>> MANTISSA_BITS) & 0x7FF;

        // Step 1: v = m2 * 2^e2, with two extra bits of room for the interval bounds.
        int e2;
        long m2;
        if (ieeeExponent == 0) {
            e2 = 1 - EXPONENT_BIAS - MANTISSA_BITS - 2;
            m2 = ieeeMantissa;
        } else {
            e2 = ieeeExponent - EXPONENT_BIAS - MANTISSA_BITS - 2;
            m2 = (1L << MANTISSA_BITS) | ieeeMantissa;
        }
        // Round-half-even parsing includes the interval bounds exactly when the mantissa is even.
        boolean acceptBounds = (m2 & 1) == 0;

        // Step 2: the interval of decimals that round to v is (mm, mp) around mv, scaled by 4.
        // At a power of two the lower neighbour is closer, so the lower bound is nearer (mmShift 0).
        long mv = 4 * m2;
        int mmShift = ieeeMantissa != 0 || ieeeExponent <= 1 ? 1 : 0;
        long mp = mv + 2;
        long mm = mv - 1 - mmShift;

        // Step 3: convert the three values to a decimal base with 128-bit fixed-point powers of five.
        long vr;
        long vp;
        long vm;
        int e10;
        boolean vmIsTrailingZeros = false;
        boolean vrIsTrailingZeros = false;
        if (e2 >= 0) {
            int q = log10Pow2(e2) - (e2 > 3 ? 1 : 0);
            e10 = q;
            int k = POW5_INV_BITCOUNT + pow5bits(q) - 1;
            int i = -e2 + q + k;
            long lo = Tables.POW5_INV[2 * q];
            long hi = Tables.POW5_INV[2 * q + 1];
            vr = mulShift(mv, lo, hi, i);
            vp = mulShift(mp, lo, hi, i);
            vm = mulShift(mm, lo, hi, i);
            if (q <= 21) {
                // Only one of mp, mv and mm can be a multiple of 5, if any.
                if (mv % 5 == 0) {
                    vrIsTrailingZeros = multipleOfPowerOf5(mv, q);
                } else if (acceptBounds) {
                    vmIsTrailingZeros = multipleOfPowerOf5(mm, q);
                } else if (multipleOfPowerOf5(mp, q)) {
                    vp--;
                }
            }
        } else {
            int q = log10Pow5(-e2) - (-e2 > 1 ? 1 : 0);
            e10 = q + e2;
            int i = -e2 - q;
            int k = pow5bits(i) - POW5_BITCOUNT;
            int j = q - k;
            long lo = Tables.POW5[2 * i];
            long hi = Tables.POW5[2 * i + 1];
            vr = mulShift(mv, lo, hi, j);
            vp = mulShift(mp, lo, hi, j);
            vm = mulShift(mm, lo, hi, j);
            if (q <= 1) {
                // mv = 4 * m2 always has at least two trailing zero bits.
                vrIsTrailingZeros = true;
                if (acceptBounds) {
                    vmIsTrailingZeros = mmShift == 1;
                } else {
                    vp--;
                }
            } else if (q < 63) {
                vrIsTrailingZeros = (mv & ((1L << q) - 1)) == 0;
            }
        }

        // Step 4: drop digits while the interval still holds a shorter decimal, remembering what
        // was dropped so the last kept digit can be rounded to the nearest value.
        int removed = 0;
        long output;
        if (vmIsTrailingZeros || vrIsTrailingZeros) {
            // Rare general case: exact values, where bounds and round-half-even ties matter.
            int lastRemovedDigit = 0;
            while (vp / 10 > vm / 10) {
                vmIsTrailingZeros &= vm % 10 == 0;
                vrIsTrailingZeros &= lastRemovedDigit == 0;
                lastRemovedDigit = (int) (vr % 10);
                vr /= 10;
                vp /= 10;
                vm /= 10;
                removed++;
            }
            if (vmIsTrailingZeros) {
                while (vm % 10 == 0) {
                    vrIsTrailingZeros &= lastRemovedDigit == 0;
                    lastRemovedDigit = (int) (vr % 10);
                    vr /= 10;
                    vp /= 10;
                    vm /= 10;
                    removed++;
                }
            }
            if (vrIsTrailingZeros && lastRemovedDigit == 5 && vr % 2 == 0) {
                lastRemovedDigit = 4; // exactly halfway: round to even
            }
            boolean outsideBounds = vr == vm && (!acceptBounds || !vmIsTrailingZeros);
            output = vr + (outsideBounds || lastRemovedDigit >= 5 ? 1 : 0);
        } else {
            // Common case (~99%): the exact value is never a tie, so plain rounding suffices.
            boolean roundUp = false;
            if (vp / 100 > vm / 100) {
                roundUp = vr % 100 >= 50;
                vr /= 100;
                vp /= 100;
                vm /= 100;
                removed += 2;
            }
            while (vp / 10 > vm / 10) {
                roundUp = vr % 10 >= 5;
                vr /= 10;
                vp /= 10;
                vm /= 10;
                removed++;
            }
            output = vr + (vr == vm || roundUp ? 1 : 0);
        }
        int exponent = e10 + removed;
        // Rounding up can carry into a new trailing zero (e.g. 9.99 -> 10.0); keep digits minimal.
        while (output % 10 == 0) {
            output /= 10;
            exponent++;
        }
        return new ShortestDecimal(output, exponent);
    }

    /** ceil(log2(5^e)) for 0 <= e <= 3528. */
    private static int pow5bits(int e) {
        return ((e * 1217359) >>> 19) + 1;
    }

    /** floor(log10(2^e)) for 0 <= e <= 1650. */
    private static int log10Pow2(int e) {
        return (e * 78913) >>> 18;
    }

    /** floor(log10(5^e)) for 0 <= e <= 2620. */
    private static int log10Pow5(int e) {
        return (e * 732923) >>> 20;
    }

    private static boolean multipleOfPowerOf5(long value, int p) {
        int count = 0;
        while (value % 5 == 0) {
            value /= 5;
            if (++count >= p) {
                return true;
            }
        }
        return count >= p;
    }

    /** (m * (hi:lo)) >> j for a 55-bit m and a 128-bit multiplier; the result fits in 64 bits. */
    private static long mulShift(long m, long lo, long hi, int j) {
        long high0 = unsignedMultiplyHigh(m, lo);
        long low1 = m * hi;
        long high1 = unsignedMultiplyHigh(m, hi);
        long sum = high0 + low1;
        if (Long.compareUnsigned(sum, high0) < 0) {
            high1++;
        }
        int dist = j - 64;
        return dist == 0 ? sum : (high1 << (64 - dist)) | (sum >>> dist);
    }

    /** Math.unsignedMultiplyHigh arrived in Java 18; this is its definition for a non-negative m. */
    private static long unsignedMultiplyHigh(long m, long x) {
        return Math.multiplyHigh(m, x) + ((x >> 63) & m);
    }

    /**
     * 5^i and 2^k / 5^i as 125-bit fixed-point numbers, two longs (low, high) per entry. Computed once
     * with BigInteger instead of pasting ~1,200 magic constants; a holder class so the cost (a few ms)
     * is paid only when a float is first formatted.
     */
    private static final class Tables {
        static final long[] POW5 = build(326, false);
        static final long[] POW5_INV = build(292, true);

        private static long[] build(int size, boolean inverse) {
            long[] table = new long[2 * size];
            BigInteger mask = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
            BigInteger pow = BigInteger.ONE;
            for (int i = 0; i < size; i++, pow = pow.multiply(BigInteger.valueOf(5))) {
                int bits = pow.bitLength(); // == pow5bits(i)
                BigInteger entry = inverse
                        ? BigInteger.ONE.shiftLeft(bits - 1 + POW5_INV_BITCOUNT).divide(pow).add(BigInteger.ONE)
                        : pow.shiftRight(bits - POW5_BITCOUNT);
                table[2 * i] = entry.and(mask).longValue();
                table[2 * i + 1] = entry.shiftRight(64).longValue();
            }
            return table;
        }
    }
}
