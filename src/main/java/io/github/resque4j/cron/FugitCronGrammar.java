package io.github.resque4j.cron;

import io.github.resque4j.cron.Peg.Node;
import io.github.resque4j.cron.Peg.P;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import static io.github.resque4j.cron.Peg.alt;
import static io.github.resque4j.cron.Peg.jseq;
import static io.github.resque4j.cron.Peg.opt;
import static io.github.resque4j.cron.Peg.rex;
import static io.github.resque4j.cron.Peg.seq;
import static io.github.resque4j.cron.Peg.str;

/**
 * fugit 1.5.2's {@code Fugit::Cron::Parser}, transcribed rule by rule (same names, same regular expressions, same
 * order of alternatives), and its {@code rewrite_*} methods, which turn the tree into one element list per field.
 *
 * <p>Ruby's {@code /i} folds case with Unicode simple case folding, under which U+017F LATIN SMALL LETTER LONG S
 * matches {@code s}; Java's ASCII case-insensitivity does not, so the letter {@code s} of case-insensitive patterns is
 * written {@code [sſ]} (fugit accepts {@code "0 0 * * ſun"}; the golden table checks it). No other letter used in
 * these patterns has a non-ASCII simple case fold.
 */
final class FugitCronGrammar {
    private FugitCronGrammar() {
    }

    private static final int CI = Pattern.CASE_INSENSITIVE;

    private static Pattern re(String regex) {
        return Pattern.compile(regex);
    }

    private static Pattern rei(String regex) {
        return Pattern.compile(regex, CI);
    }

    // piece parsers bottom to top (fugit names)
    private static final P S = rex(null, re("[ \t]+"));
    private static final P STAR = str(null, "*");
    private static final P HYPHEN = str(null, "-");
    private static final P COMMA = str(null, ",");

    private static final P SLASH = rex("slash", re("/\\d\\d?"));

    private static P mos() {
        return rex("mos", re("[0-5]?\\d"));
    }

    private static P hou() {
        return rex("hou", re("(2[0-4]|[01]?[0-9])"));
    }

    private static P dom() {
        return rex("dom", rei("(-?(3[01]|[12][0-9]|0?[1-9])|la[sſ]t|l)"));
    }

    private static P mon() {
        return rex("mon", rei("(1[0-2]|0?[1-9]|jan|feb|mar|apr|may|jun|jul|aug|[sſ]ep|oct|nov|dec)"));
    }

    private static P dow() {
        return rex("dow", rei("([0-7]|[sſ]un|mon|tue|wed|thu|fri|[sſ]at)"));
    }

    private static final P DOW_HASH = rex("hash", rei("#(-?[1-5]|la[sſ]t|l)"));
    private static final P MOD = rex("mod", re("%\\d+(\\+\\d+)?"));

    /** _x, r_x, sor_x, sorws_x, x_elt for one field. */
    private static P elt(P bound) {
        P hyphenBound = seq(null, HYPHEN, bound);
        P range = seq(null, bound, opt(hyphenBound));
        P starOrRange = alt(null, STAR, range);
        P withSlash = seq(null, starOrRange, opt(SLASH));
        return alt("elt", SLASH, withSlash);
    }

    private static final P MOS_ELT = elt(mos());
    private static final P HOU_ELT = elt(hou());
    private static final P DOM_ELT = elt(dom());
    private static final P MON_ELT = elt(mon());
    private static final P DOW_ELT = elt(dow());

    private static final P MOD_DOW = seq("elt", dow(), MOD);
    private static final P H_DOW = seq("elt", dow(), DOW_HASH);
    private static final P DOW_ELT_ = alt(null, H_DOW, MOD_DOW, DOW_ELT);

    private static final P LSEC_ = seq(null, jseq("sec", MOS_ELT, COMMA), S);
    private static final P LMIN_ = seq(null, jseq("min", MOS_ELT, COMMA), S);
    private static final P LHOU_ = seq(null, jseq("hou", HOU_ELT, COMMA), S);
    private static final P LDOM_ = seq(null, jseq("dom", DOM_ELT, COMMA), S);
    private static final P LMON_ = seq(null, jseq("mon", MON_ELT, COMMA), S);
    private static final P LDOW = jseq("dow", DOW_ELT_, COMMA);

    private static final P TZ_NAME = rex(null, re(" +[A-Z][a-zA-Z0-9+\\-]+(/[A-Z][a-zA-Z0-9+\\-_]+){0,2}"));
    private static final P TZ_DELTA = rex(null, re(" +[-+]([01][0-9]|2[0-4]):?(00|15|30|45)"));
    private static final P TZ = alt("tz", TZ_DELTA, TZ_NAME);

    private static final P CLASSIC_CRON = seq("ccron", LMIN_, LHOU_, LDOM_, LMON_, LDOW, opt(TZ));
    private static final P SECOND_CRON = seq("scron", LSEC_, LMIN_, LHOU_, LDOM_, LMON_, LDOW, opt(TZ));
    private static final P CRON = alt("cron", SECOND_CRON, CLASSIC_CRON);

    /** One list element after {@code rewrite_elt}: {@code [a, z, sl, ha, mo]}, nulls where Ruby has nil. */
    static final class Elt {
        final Integer a;
        final Integer z;
        final Integer sl;
        final Integer ha;
        final int[] mo;

        Elt(Integer a, Integer z, Integer sl, Integer ha, int[] mo) {
            this.a = a;
            this.z = z;
            this.sl = sl;
            this.ha = ha;
            this.mo = mo;
        }
    }

    /** The rewritten tree: field name to elements, the zone text, and whether it was the 6-field form. */
    static final class Parsed {
        final Map<String, List<Elt>> fields;
        final String zoneText;
        final boolean seconds;

        Parsed(Map<String, List<Elt>> fields, String zoneText, boolean seconds) {
            this.fields = fields;
            this.zoneText = zoneText;
            this.seconds = seconds;
        }
    }

    /**
     * {@code Parser.parse(s)} including {@code rewrite_cron} (but not the zone lookup, done by the caller).
     *
     * @return null where fugit's parser returns nil
     */
    static Parsed parse(String s) {
        Node root = Peg.parseAll(CRON, s);
        if (root == null) {
            return null;
        }
        Node st = root.sublookup(null); // :ccron or :scron
        if (st == null) {
            return null;
        }
        Map<String, List<Elt>> fields = new LinkedHashMap<>();
        String zone = null;
        for (Node tt : st.subgather(null)) {
            if ("tz".equals(tt.name)) {
                zone = RubyText.strip(tt.string());
            } else {
                fields.put(tt.name, rewriteEntry(tt));
            }
        }
        return new Parsed(fields, zone, "scron".equals(st.name));
    }

    private static List<Elt> rewriteEntry(Node t) {
        List<Elt> out = new ArrayList<>();
        for (Node et : t.subgather("elt")) {
            out.add(rewriteElt(t.name, et));
        }
        return out;
    }

    private static Elt rewriteElt(String k, Node t) {
        Node at = null;
        Node zt = null;
        Node slt = null;
        Node hat = null;
        Node mot = null;
        for (Node tt : t.subgather(null)) {
            switch (tt.name) {
                case "slash":
                    slt = tt;
                    break;
                case "hash":
                    hat = tt;
                    break;
                case "mod":
                    mot = tt;
                    break;
                default:
                    if (at != null) {
                        if (zt == null) {
                            zt = tt;
                        }
                    } else {
                        at = tt;
                    }
            }
        }
        Integer sl = slt == null ? null : RubyText.toI(slt.string().substring(1));
        Integer ha = null;
        if (hat != null) {
            String h = hat.string().substring(1);
            ha = h.toUpperCase(Locale.ROOT).startsWith("L") ? -1 : RubyText.toI(h);
        }
        int[] mo = null;
        if (mot != null) {
            List<Integer> parts = new ArrayList<>();
            for (String p : mot.string().split("[%+]")) {
                if (!p.isEmpty()) {
                    parts.add(RubyText.toI(p));
                }
            }
            mo = new int[] {parts.get(0), parts.size() > 1 ? parts.get(1) : 0};
        }
        Integer a = at == null ? null : rewriteBound(k, at);
        Integer z = zt == null ? null : rewriteBound(k, zt);
        return new Elt(a, z, sl, ha, mo);
    }

    private static final List<String> MONTHS =
        List.of("-", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");
    private static final List<String> WEEKDS = List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat");

    private static int rewriteBound(String k, Node t) {
        String s = t.string().toLowerCase(Locale.ROOT);
        if (k.equals("mon") && MONTHS.contains(s)) {
            return MONTHS.indexOf(s);
        }
        if (k.equals("dow") && WEEKDS.contains(s)) {
            return WEEKDS.indexOf(s);
        }
        if (k.equals("dom") && s.startsWith("l")) {
            return -1;
        }
        return RubyText.toI(s);
    }
}
