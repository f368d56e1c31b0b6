package io.github.resque4j.cron;

import io.github.resque4j.cron.FugitCronFields.Weekday;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneRules;
import java.util.List;

/**
 * fugit 1.5.2's {@code Cron#next_time} and its {@code TimeCursor}, ported step by step, iteration count included.
 *
 * <p>The cursor is an epoch second seen in the cron's zone; it moves by adding seconds, exactly as fugit adds
 * seconds to an {@code EtOrbi::EoTime}. The places where fugit builds a time from calendar fields
 * ({@code EtOrbi.make}: first of next month, midnight of the day, 2019-01-01 for {@code %} modulo weeks) go through
 * Ruby's {@code Time.parse}, which normalises a wall time that does not exist in the <em>process-local</em> zone,
 * and then TZInfo's {@code local_to_utc} in the cron's zone, which raises for a wall time that does not exist
 * ({@code PeriodNotFound}, caught by {@code inc_day}) or exists twice ({@code AmbiguousTime}) there. Both are
 * reproduced; this is why the process-local zone is a parameter.
 *
 * <p>Known quirks reproduced on purpose (the golden table pins each): on a DST fall-back, a candidate whose wall
 * time equals the wall time of {@code from} (in {@code from}'s zone) with a different offset is skipped; a day whose
 * midnight does not exist in the cron zone (and exists in the process zone) is skipped by day-restricted crons;
 * {@code L} is computed as "(first of next month − 24 h).day", one day early when the month's last day is 23 hours
 * long; {@code mon#1,mon#3} only honours the first entry for a weekday. Zone abbreviations are not compared (fugit
 * compares {@code %z|%Z}; java.time has no tz abbreviations): only an abbreviation change without an offset change
 * could tell the two apart.
 */
final class FugitNextTime {
    private FugitNextTime() {
    }

    static final int MAX_ITERATION_COUNT = 2048;
    private static final long DAY_S = 24 * 3600;
    private static final long WEEK_S = 7 * DAY_S;

    /** The cron, its zone (explicit or process-local) and the process-local zone. */
    static final class Ctx {
        final FugitCronFields f;
        final ZoneId zone;
        final ZoneId processZone;
        final String original;

        Ctx(FugitCronFields f, ZoneId zone, ZoneId processZone, String original) {
            this.f = f;
            this.zone = zone;
            this.processZone = processZone;
            this.original = original;
        }

        ZoneRules rules() {
            return zone.getRules();
        }

        LocalDateTime wall(long t) {
            ZoneOffset off = rules().getOffset(Instant.ofEpochSecond(t));
            return LocalDateTime.ofEpochSecond(t, 0, off);
        }

        ZoneOffset offset(long t) {
            return rules().getOffset(Instant.ofEpochSecond(t));
        }

        /**
         * {@code EtOrbi.make(y, m, d, zone)}: Ruby's {@code Time.parse} in the process zone (moves a wall time that
         * falls in a gap of the process zone forward by the gap), then TZInfo {@code local_to_utc} in the cron zone.
         */
        long make(LocalDateTime wall) throws FugitError {
            LocalDateTime w = ZonedDateTime.ofLocal(wall, processZone, null).toLocalDateTime();
            List<ZoneOffset> offs = rules().getValidOffsets(w);
            if (offs.isEmpty()) {
                throw new FugitError("TZInfo::PeriodNotFound",
                    w.toString().replace('T', ' ') + " is an invalid local time.");
            }
            if (offs.size() > 1) {
                throw new FugitError("TZInfo::AmbiguousTime",
                    w.toString().replace('T', ' ') + " is an ambiguous local time.");
            }
            return w.toEpochSecond(offs.get(0));
        }
    }

    // ---- TimeCursor moves

    static long incMonth(Ctx c, long t) throws FugitError {
        LocalDateTime w = c.wall(t);
        int y = w.getYear();
        int m = w.getMonthValue() + 1;
        if (m == 13) {
            m = 1;
            y += 1;
        }
        return c.make(LocalDateTime.of(y, m, 1, 0, 0));
    }

    static long incDay(Ctx c, long t) throws FugitError {
        LocalDateTime w = c.wall(t);
        t += (24 - w.getHour()) * 3600L - w.getMinute() * 60L - w.getSecond();
        w = c.wall(t);
        if (w.getHour() == 0) {
            return t;
        }
        if (w.getHour() < 12) {
            try {
                return c.make(w.toLocalDate().atStartOfDay());
            } catch (FugitError e) {
                if (!e.rubyClass.equals("TZInfo::PeriodNotFound")) {
                    throw e;
                }
                return t + (24 - w.getHour()) * 3600L;
            }
        }
        return t + (24 - w.getHour()) * 3600L;
    }

    static long incHour(Ctx c, long t) {
        LocalDateTime w = c.wall(t);
        return t + (60 - w.getMinute()) * 60L - w.getSecond();
    }

    static long incMin(Ctx c, long t) {
        return t + 60 - c.wall(t).getSecond();
    }

    static long incSec(Ctx c, long t) {
        int sec = c.wall(t).getSecond();
        for (int s : c.f.seconds) {
            if (s > sec) {
                return t + (s - sec);
            }
        }
        return t + 60 - sec + c.f.seconds[0];
    }

    // ---- matching

    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    static boolean monthMatch(Ctx c, LocalDateTime w) {
        return c.f.months == null || contains(c.f.months, w.getMonthValue());
    }

    static boolean hourMatch(Ctx c, LocalDateTime w) {
        return c.f.hours == null || contains(c.f.hours, w.getHour());
    }

    static boolean minMatch(Ctx c, LocalDateTime w) {
        return c.f.minutes == null || contains(c.f.minutes, w.getMinute());
    }

    static boolean secMatch(Ctx c, LocalDateTime w) {
        return c.f.seconds == null || contains(c.f.seconds, w.getSecond());
    }

    private static int countWeeks(Ctx c, long t, int dir) {
        int month = c.wall(t).getMonthValue();
        int n = 0;
        long u = t;
        while (c.wall(u).getMonthValue() == month) {
            n += 1;
            u += dir * WEEK_S;
        }
        return n;
    }

    private static boolean weekdayMatch(Ctx c, long t, LocalDateTime w) throws FugitError {
        if (c.f.weekdays == null) {
            return true;
        }
        int wday = w.getDayOfWeek().getValue() % 7;
        Weekday found = null;
        for (Weekday wd : c.f.weekdays) {
            if (wd.day == wday) {
                found = wd;
                break;
            }
        }
        if (found == null) {
            return false;
        }
        if (found.hash == null && found.mod == null) {
            return true;
        }
        if (found.mod != null) {
            long origin = c.make(LocalDateTime.of(2019, 1, 1, 0, 0));
            long rweek = Math.floorDiv(t - origin, WEEK_S) + 1;
            if (found.mod[0] == 0) {
                throw new FugitError("ZeroDivisionError", "divided by 0");
            }
            return Math.floorMod(rweek + found.mod[1], (long) found.mod[0]) == 0;
        }
        int hsh = found.hash;
        if (hsh > 0) {
            return hsh == countWeeks(c, t, -1);
        }
        return hsh == -countWeeks(c, t, 1);
    }

    private static boolean monthdayMatch(Ctx c, long t, LocalDateTime w) throws FugitError {
        if (c.f.monthdays == null) {
            return true;
        }
        int last = c.wall(incMonth(c, t) - DAY_S).getDayOfMonth() + 1;
        int day = w.getDayOfMonth();
        for (int d : c.f.monthdays) {
            if ((d < 1 ? last + d : d) == day) {
                return true;
            }
        }
        return false;
    }

    static boolean dayMatch(Ctx c, long t, LocalDateTime w) throws FugitError {
        if (c.f.weekdays != null && c.f.monthdays != null) {
            return weekdayMatch(c, t, w) || monthdayMatch(c, t, w);
        }
        return weekdayMatch(c, t, w) && monthdayMatch(c, t, w);
    }

    /** Ruby {@code Float#to_i} of an EoTime's seconds: truncation toward zero. */
    static long rubyToI(Instant i) {
        long s = i.getEpochSecond();
        return (s < 0 && i.getNano() > 0) ? s + 1 : s;
    }

    /**
     * {@code Fugit::Cron#next_time(from)}.
     *
     * @return the next time, in {@code from}'s zone (or in the cron zone after the fall-back skip, as fugit does)
     * @throws FugitError where fugit raises (too many loops, zone gaps/overlaps at computed midnights, % 0)
     */
    static ZonedDateTime next(Ctx c, ZonedDateTime from) throws FugitError {
        Instant fromInstant = from.toInstant();
        ZoneId resultZone = from.getZone();
        LocalDateTime sfrom = from.toLocalDateTime().withNano(0);
        long ifrom = rubyToI(fromInstant);

        long t = ifrom; // TimeCursor: seconds.to_i, in the cron zone
        ZoneOffset zfrom = c.offset(t);

        int i = 0;
        while (true) {
            if (++i > MAX_ITERATION_COUNT) {
                throw new FugitError("RuntimeError", "too many loops for " + RubyText.inspect(c.original)
                    + " #next_time, breaking, cron expression most likely invalid (Feb 30th like?),"
                    + " please fill an issue at https://git.io/fjJC9");
            }
            if (ifrom == t) {
                t += 1;
                continue;
            }
            LocalDateTime w = c.wall(t);
            if (!monthMatch(c, w)) {
                t = incMonth(c, t);
                continue;
            }
            if (!dayMatch(c, t, w)) {
                t = incDay(c, t);
                continue;
            }
            if (!hourMatch(c, w)) {
                t = incHour(c, t);
                continue;
            }
            if (!minMatch(c, w)) {
                t = incMin(c, t);
                continue;
            }
            if (!secMatch(c, w)) {
                t = incSec(c, t);
                continue;
            }
            ZoneOffset zt = c.offset(t);
            if (w.equals(sfrom) && !zt.equals(zfrom)) {
                // gh-6: out of DST, do not yield the same wall time twice; fugit also rebinds `from` here
                sfrom = w;
                zfrom = zt;
                ifrom = t;
                resultZone = c.zone;
                continue;
            }
            break;
        }
        return ZonedDateTime.ofInstant(Instant.ofEpochSecond(t), resultZone);
    }
}
