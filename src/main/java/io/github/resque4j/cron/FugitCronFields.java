package io.github.resque4j.cron;

import io.github.resque4j.cron.FugitCronGrammar.Elt;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The expanded fields of a fugit cron: fugit 1.5.2's {@code Cron#init} and {@code determine_*} / {@code expand} /
 * {@code range} / {@code compact_month_days}, ported with their quirks (wrapping ranges such as {@code 22-2},
 * {@code 24} meaning hour 0, {@code "*,1"} in day-of-week meaning Monday only, {@code 5-1/2} meaning every day, ...).
 * A null array is fugit's nil: the field is not restricted. Immutable.
 */
final class FugitCronFields {
    /** Ruby's {@code MAXDAYS}, index = month; index 0 is nil in Ruby. */
    private static final int[] MAXDAYS = {-1, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    final int[] seconds;
    final int[] minutes;
    final int[] hours;
    final int[] monthdays;
    final int[] months;
    /** Weekday entries in fugit's order (sorted like Ruby sorts the arrays); null when unrestricted. */
    final List<Weekday> weekdays;

    /** One weekday entry: {@code [d]}, {@code [d, hash]} or {@code [d, [mod, plus]]}. */
    static final class Weekday {
        final int day;
        final Integer hash;
        final int[] mod;

        Weekday(int day, Integer hash, int[] mod) {
            this.day = day;
            this.hash = hash;
            this.mod = mod;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Weekday)) {
                return false;
            }
            Weekday w = (Weekday) o;
            return day == w.day && java.util.Objects.equals(hash, w.hash) && Arrays.equals(mod, w.mod);
        }

        @Override
        public int hashCode() {
            return day * 31 + (hash == null ? 0 : hash) * 7 + Arrays.hashCode(mod);
        }
    }

    private FugitCronFields(int[] seconds, int[] minutes, int[] hours, int[] monthdays, int[] months,
        List<Weekday> weekdays) {
        this.seconds = seconds;
        this.minutes = minutes;
        this.hours = hours;
        this.monthdays = monthdays;
        this.months = months;
        this.weekdays = weekdays;
    }

    /**
     * {@code Cron#init} minus the zone.
     *
     * @return null where fugit's init returns nil (no day of any listed month exists, e.g. {@code 30 2})
     * @throws FugitError where fugit raises
     */
    static FugitCronFields of(FugitCronGrammar.Parsed p) throws FugitError {
        List<Elt> sec = p.fields.get("sec");
        int[] seconds = sec == null ? new int[] {0} : compact(expandAll(0, 59, sec, false));
        int[] minutes = compact(expandAll(0, 59, p.fields.get("min"), false));
        int[] hours = compact(expandAll(0, 23, p.fields.get("hou"), true));
        int[] monthdays = compact(expandAll(1, 31, p.fields.get("dom"), false));
        int[] months = compact(expandAll(1, 12, p.fields.get("mon"), false));
        List<Weekday> weekdays = weekdays(p.fields.get("dow"));

        // compact_month_days
        if (months != null && monthdays != null) {
            Set<Integer> ms = new LinkedHashSet<>();
            Set<Integer> ds = new LinkedHashSet<>();
            for (int m : months) {
                for (int d : monthdays) {
                    if (m < 1 || m > 12) {
                        throw new FugitError("ArgumentError", "comparison of Integer with nil failed");
                    }
                    if (d > MAXDAYS[m]) {
                        continue;
                    }
                    ms.add(m);
                    ds.add(d);
                }
            }
            if (ms.isEmpty() || ds.isEmpty()) {
                return null;
            }
            months = ms.stream().mapToInt(Integer::intValue).toArray();
            monthdays = ds.stream().mapToInt(Integer::intValue).toArray();
        }
        return new FugitCronFields(seconds, minutes, hours, monthdays, months, weekdays);
    }

    /** Concatenation of {@code expand} over the elements; a null entry stands for Ruby's nil (a star). */
    private static List<Integer> expandAll(int min, int max, List<Elt> elts, boolean hours) throws FugitError {
        List<Integer> out = new ArrayList<>();
        for (Elt e : elts) {
            out.addAll(expand(min, max, e.a, e.z, e.sl));
        }
        if (hours) {
            out.replaceAll(h -> (h != null && h == 24) ? Integer.valueOf(0) : h);
        }
        return out;
    }

    private static List<Integer> expand(int min, int max, Integer sta, Integer edn, Integer sla) throws FugitError {
        if (sla != null && sla == 1) {
            sla = null;
        }
        if (sla != null && edn == null) {
            edn = max;
        }
        if (sta == null && edn == null && sla == null) {
            List<Integer> star = new ArrayList<>();
            star.add(null);
            return star;
        }
        if (sta != null && edn == null) {
            return List.of(sta);
        }
        if (sla == null) {
            sla = 1;
        }
        if (sta == null) {
            sta = min;
        }
        if (edn == null || (edn < 0 && sta > 0)) {
            edn = max;
        }
        return range(min, max, sta, edn, sla);
    }

    private static List<Integer> range(int min, int max, int sta, int edn, int sla) throws FugitError {
        if ((sta < 0 && edn > 0) || (edn < 0 && sta > 0)) {
            throw new FugitError("ArgumentError", "both start and end must be negative in {:min=>" + min
                + ", :max=>" + max + ", :sta=>" + sta + ", :edn=>" + edn + ", :sla=>" + sla + "}");
        }
        List<Integer> a = new ArrayList<>();
        int omin = min;
        int omax = max;
        if (sta < 0) {
            min = -max;
            max = -1;
        }
        int cur = sta;
        while (true) {
            a.add(cur);
            if (cur == edn) {
                break;
            }
            cur += 1;
            if (cur > max) {
                cur = min;
                if (edn > max) {
                    edn = edn - max - 1;
                }
            }
            if (a.size() > 2 * omax) {
                throw new FugitError("RuntimeError", "too many loops for {:min=>" + omin + ", :max=>" + omax
                    + ", :sta=>" + sta + ", :edn=>" + edn + ", :sla=>" + sla
                    + "} #range, breaking, please fill an issue at https://git.io/fjJC9");
            }
        }
        if (sla == 0) {
            throw new FugitError("ZeroDivisionError", "divided by 0");
        }
        Set<Integer> picked = new LinkedHashSet<>();
        for (int i = 0; i < a.size(); i++) {
            if (i % sla == 0) {
                picked.add(a.get(i));
            }
        }
        return new ArrayList<>(picked);
    }

    /** fugit {@code compact}: nil (unrestricted) when a star is in the list, else sorted and unique. */
    private static int[] compact(List<Integer> arr) {
        if (arr.contains(null)) {
            return null;
        }
        return new TreeSet<>(arr).stream().mapToInt(Integer::intValue).toArray();
    }

    private static List<Weekday> weekdays(List<Elt> elts) throws FugitError {
        List<Weekday> wds = new ArrayList<>();
        for (Elt e : elts) {
            Integer a = e.a;
            Integer z = e.z;
            if (e.ha != null || e.mo != null) {
                wds.add(new Weekday(a, e.ha, e.ha != null ? null : e.mo));
            } else if (e.sl != null) {
                int from = a == null ? 0 : a;
                int to = z != null ? z : (a != null ? a : 6);
                int step = e.sl < 1 ? 1 : e.sl;
                for (int i = from; i <= to; i += step) {
                    wds.add(new Weekday(i, null, null));
                }
            } else if (z != null) {
                int zz = a > z ? z + 7 : z;
                for (int i = a; i <= zz; i++) {
                    wds.add(new Weekday(i > 6 ? i - 7 : i, null, null));
                }
            } else if (a != null) {
                wds.add(new Weekday(a, null, null));
            }
        }
        List<Weekday> sun0 = new ArrayList<>();
        for (Weekday w : wds) {
            sun0.add(w.day == 7 ? new Weekday(0, w.hash, w.mod) : w);
        }
        List<Weekday> uniq = new ArrayList<>(new LinkedHashSet<>(sun0));
        // Ruby sorts [d], [d, hash] and [d, [mod, plus]] arrays with <=>; an Integer and an Array at the same
        // position do not compare, and the sort raises: fugit rejects e.g. "mon#1,mon%2".
        for (Weekday x : uniq) {
            for (Weekday y : uniq) {
                if (x.day == y.day && x.hash != null && y.mod != null) {
                    throw new FugitError("ArgumentError", "comparison of Array with Array failed");
                }
            }
        }
        uniq.sort(Comparator.comparingInt((Weekday w) -> w.day).thenComparing(FugitCronFields::compareTail));
        return uniq.isEmpty() ? null : List.copyOf(uniq);
    }

    private static int compareTail(Weekday x, Weekday y) {
        boolean xs = x.hash == null && x.mod == null;
        boolean ys = y.hash == null && y.mod == null;
        if (xs || ys) {
            return Boolean.compare(!xs, !ys); // the shorter array [d] first
        }
        if (x.hash != null) {
            return Integer.compare(x.hash, y.hash);
        }
        int c = Integer.compare(x.mod[0], y.mod[0]);
        return c != 0 ? c : Integer.compare(x.mod[1], y.mod[1]);
    }
}
