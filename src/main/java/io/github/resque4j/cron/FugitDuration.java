package io.github.resque4j.cron;

import io.github.resque4j.cron.Peg.Node;
import io.github.resque4j.cron.Peg.P;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.github.resque4j.cron.Peg.alt;
import static io.github.resque4j.cron.Peg.jseq;
import static io.github.resque4j.cron.Peg.opt;
import static io.github.resque4j.cron.Peg.plus;
import static io.github.resque4j.cron.Peg.rep;
import static io.github.resque4j.cron.Peg.rex;
import static io.github.resque4j.cron.Peg.seq;

/**
 * fugit 1.5.2's {@code Fugit::Duration.parse(s)} followed by {@code #to_sec}: the plain parser ({@code "1h30m"},
 * {@code "2 days"}, {@code "1h and 30m"}, a bare number = seconds), then, when it fails, the ISO 8601 parser on the
 * upcased text ({@code "PT1H"}, {@code "p1m"}). Transcribed rule by rule (see {@link Peg}).
 *
 * <p>{@code to_sec} uses fixed lengths: a year ({@code y}/{@code Y}) is 365 days, a month ({@code M}, {@code month},
 * {@code months}; upper-case M only) 30 days, a week 7 days. The value is a Ruby Integer unless a component was
 * written with a decimal point, in which case Ruby's Float arithmetic is reproduced operation by operation
 * ({@code "1.1h"} is 3960.0000000000005 s, as in Ruby).
 */
final class FugitDuration {
    private FugitDuration() {
    }

    /** A Ruby Integer or Float; exactly one of the fields is set. */
    static final class Num {
        final BigInteger i;
        final Double d;

        private Num(BigInteger i, Double d) {
            this.i = i;
            this.d = d;
        }

        static Num of(BigInteger i) {
            return new Num(i, null);
        }

        static Num of(double d) {
            return new Num(null, d);
        }

        boolean isFloat() {
            return d != null;
        }

        boolean isZero() {
            return d != null ? d == 0.0 : i.signum() == 0;
        }

        double toDouble() {
            return d != null ? d : i.doubleValue();
        }

        Num add(Num o) {
            if (d == null && o.d == null) {
                return of(i.add(o.i));
            }
            return of(toDouble() + o.toDouble());
        }

        Num times(long k) {
            return d != null ? of(d * (double) k) : of(i.multiply(BigInteger.valueOf(k)));
        }

        int signum() {
            return d != null ? (int) Math.signum(d) : i.signum();
        }

        /** @return the exact decimal value (a Float's exact binary value) */
        BigDecimal exact() {
            return d != null ? new BigDecimal(d) : new BigDecimal(i);
        }

        /** @return Ruby's {@code to_s} class word and value, e.g. {@code int 5400} or {@code float 0.5} */
        @Override
        public String toString() {
            return d != null ? "float " + d : "int " + i;
        }
    }

    private static final String NUM = "(\\d+\\.\\d*|(\\d*\\.)?\\d+)";
    private static final int CI = Pattern.CASE_INSENSITIVE;

    // Parser (plain); [sſ] and [kK]: Ruby's /i also folds U+017F to s and U+212A (Kelvin) to k
    private static final P SEP = rex(null, Pattern.compile("([ \t,]+|and)*", CI));
    private static final P YEA = rex("yea", Pattern.compile(NUM + " *y(ear[sſ]?)?", CI));
    private static final P MON = rex("mon", Pattern.compile(NUM + " *(M|months?)"));
    private static final P WEE = rex("wee", Pattern.compile(NUM + " *w(ee[kK][sſ]?)?", CI));
    private static final P DAY = rex("day", Pattern.compile(NUM + " *d(ay[sſ]?)?", CI));
    private static final P HOU = rex("hou", Pattern.compile(NUM + " *h(our[sſ]?)?", CI));
    private static final P MIN = rex("min", Pattern.compile(NUM + " *m(in(ute)?s?)?"));
    private static final P SEC = rex("sec", Pattern.compile(NUM + " *[sſ](ec(ond)?)?[sſ]?", CI));
    private static final P SEK = rex("sec",
        Pattern.compile("(\\d+\\.\\d*|\\.\\d+|\\d+)$", Pattern.MULTILINE | Pattern.UNIX_LINES));
    private static final P ELT = alt(null, YEA, MON, WEE, DAY, HOU, MIN, SEC, SEK);
    private static final P SIGN = rex("sign", Pattern.compile("[-+]?"));
    private static final P SDUR = seq("sdur", opt(SIGN), plus(ELT));
    private static final P DUR = jseq("dur", SDUR, SEP);

    // IsoParser (applied to the upcased text)
    private static final P ISO_P = rex(null, Pattern.compile("P"));
    private static final P ISO_T = rex(null, Pattern.compile("T"));
    private static final P ISO_YEA = rex("yea", Pattern.compile("-?\\d+Y"));
    private static final P ISO_MON = rex("mon", Pattern.compile("-?\\d+M"));
    private static final P ISO_WEE = rex("wee", Pattern.compile("-?\\d+W"));
    private static final P ISO_DAY = rex("day", Pattern.compile("-?\\d+D"));
    private static final P ISO_HOU = rex("hou", Pattern.compile("-?\\d+H"));
    private static final P ISO_MIN = rex("min", Pattern.compile("-?\\d+M"));
    private static final P ISO_SEC = rex("sec", Pattern.compile("-?(\\d*\\.)?\\d+S"));
    private static final P ISO_DELT = alt(null, ISO_YEA, ISO_MON, ISO_WEE, ISO_DAY);
    private static final P ISO_TELT = alt(null, ISO_HOU, ISO_MIN, ISO_SEC);
    private static final P ISO_DUR = seq("dur", ISO_P, opt(rep(null, ISO_DELT, 1, 0)),
        opt(seq(null, ISO_T, rep(null, ISO_TELT, 1, 0))));

    /** fugit's KEYS, in to_sec order, with their lengths in seconds. */
    private static final String[] KEYS = {"yea", "mon", "wee", "day", "hou", "min", "sec"};
    private static final long[] KEY_SECONDS = {365L * 86400, 30L * 86400, 7L * 86400, 86400, 3600, 60, 1};

    private static final Pattern LEADING_NUMBER = Pattern.compile("\\A-?(\\d+\\.\\d*|\\.\\d+|\\d+)");

    /** {@code common_rewrite_dur} value: {@code to_f} when the token has a '.', else {@code to_i}. */
    private static Num value(String token) {
        if (token.indexOf('.') >= 0) {
            Matcher m = LEADING_NUMBER.matcher(token);
            return Num.of(m.find() ? Double.parseDouble(m.group()) : 0.0);
        }
        return Num.of(RubyText.toBigI(token));
    }

    private static Map<String, Num> commonRewrite(Node t) {
        Map<String, Num> h = new LinkedHashMap<>();
        for (Node tt : t.subgather(null)) {
            Num v = value(tt.string());
            h.merge(tt.name, v, Num::add);
        }
        return h;
    }

    private static Map<String, Num> rewritePlain(Node dur) {
        Map<String, Num> h0 = new LinkedHashMap<>();
        for (Node ct : dur.children) {
            if (ct.name == null) {
                continue; // a separator
            }
            Map<String, Num> h1 = commonRewrite(ct);
            h1.remove("sign");
            Node sign = ct.sublookup("sign");
            long s = (sign != null && sign.string().equals("-")) ? -1 : 1;
            for (Map.Entry<String, Num> e : h1.entrySet()) {
                h0.merge(e.getKey(), e.getValue().times(s), Num::add);
            }
        }
        return h0;
    }

    /**
     * @param text the duration text as given to rufus-scheduler
     * @return {@code Fugit::Duration.parse(text).to_sec}, or null where fugit returns nil
     */
    static Num toSec(String text) {
        String s = RubyText.strip(text);
        Map<String, Num> h;
        Node plain = Peg.parseAll(DUR, s);
        if (plain != null) {
            h = rewritePlain(plain);
        } else {
            Node iso = Peg.parseAll(ISO_DUR, s.toUpperCase(Locale.ROOT));
            if (iso == null) {
                return null;
            }
            h = commonRewrite(iso);
        }
        h.values().removeIf(Num::isZero);
        Num sum = Num.of(BigInteger.ZERO);
        for (int k = 0; k < KEYS.length; k++) {
            Num v = h.get(KEYS[k]);
            if (v != null) {
                sum = sum.add(v.times(KEY_SECONDS[k]));
            }
        }
        return sum;
    }
}
