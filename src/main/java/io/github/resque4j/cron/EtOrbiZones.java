package io.github.resque4j.cron;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How et-orbi 1.2.2 ({@code EtOrbi.get_tzone}) turns the zone at the end of a fugit cron string into a time zone,
 * for the two shapes fugit's grammar lets through ({@code +05:30}-like offsets and {@code Area/City}-like names).
 *
 * <ul>
 *   <li>{@code ZONE_ALIASES}: {@code UTC-11}, {@code UTC+12}, {@code UTC-02} and {@code CST5CDT} are renamed.</li>
 *   <li>Offsets {@code [+-]hh[:]mm} with |hh| &lt;= 11 become fixed-offset zones; larger ones are unknown. Like
 *       et-orbi, the minutes keep their sign when the hours are {@code -00}: {@code -00:30} is UTC+00:30.</li>
 *   <li>Names are looked up in the tz database; when a name is unknown its last character is dropped until a known
 *       name remains ({@code America/New_Yorkxx} is New York, {@code Europe/Berlin2} is Berlin).</li>
 *   <li>{@code UTC+N} / {@code UTC-N} names (N &lt;= 12) other than the aliases make TZInfo raise.</li>
 * </ul>
 *
 * <p><b>Refused:</b> names shaped {@code ABC+N} / {@code ABCD-N:MM} that are not aliases. et-orbi resolves them by
 * searching every zone for one whose January or July abbreviation and offset match (so {@code CET+1} becomes
 * Africa/Algiers, {@code EST-5} America/Atikokan, and {@code EST+5} or {@code GMT+1}, for which none matches, fall
 * back to plain {@code EST} / {@code GMT}). java.time does not expose tz abbreviations, so this cannot be reproduced
 * in general; such names are refused. Exceptions with a certain outcome: {@code UTC+0}-like names are UTC,
 * {@code GMT+0}-like names are Africa/Abidjan (fixed GMT), {@code UTC+N} with N != 0 makes TZInfo raise.
 *
 * <p>The known names are those of this JVM's tz database, minus its {@code SystemV/*} names (not in Ruby's list),
 * plus the few Ruby-only names ({@code EST}, {@code MST}, {@code HST}, {@code ROC}, {@code GMT+0}, {@code GMT-0},
 * {@code Factory}). A name only Ruby's newer tzdata knows is refused, never approximated.
 */
final class EtOrbiZones {
    private EtOrbiZones() {
    }

    /** Thrown for a zone resque4j refuses although et-orbi resolves it. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message, null, false, false);
        }
    }

    private static final Map<String, String> ALIASES = Map.of(
        "UTC-11", "Etc/GMT+11",
        "UTC+12", "Etc/GMT-12",
        "UTC-02", "Etc/GMT+2",
        "CST5CDT", "CST6CDT");

    /** Names in Ruby's (TZInfo 2 + tzdata) list that java.time spells differently or lacks. */
    private static final Map<String, String> RUBY_ONLY = Map.of(
        "EST", "America/Panama",
        "MST", "America/Phoenix",
        "HST", "Pacific/Honolulu",
        "ROC", "Asia/Taipei",
        "GMT+0", "Etc/GMT+0",
        "GMT-0", "Etc/GMT-0",
        "Factory", "Etc/UTC");

    private static final Set<String> KNOWN;

    static {
        Set<String> k = new HashSet<>();
        for (String id : ZoneId.getAvailableZoneIds()) {
            if (!id.startsWith("SystemV/")) {
                k.add(id);
            }
        }
        k.addAll(RUBY_ONLY.keySet());
        for (int i = 0; i <= 12; i++) {
            k.add("UTC-" + i);
            k.add("UTC+" + i);
        }
        KNOWN = Set.copyOf(k);
    }

    private static final Pattern UNZZ = Pattern.compile("\\A([A-Z]{3,4})([+-])(\\d{1,2}):?(\\d{2})?\\z");
    private static final Pattern OFFSET = Pattern.compile("\\A([+-][0-1]?[0-9]):?([0-5][0-9])?\\z");

    /**
     * @param s the zone text of the cron string, stripped
     * @return the zone, or null where et-orbi returns nil (fugit then rejects the cron string)
     * @throws FugitError where TZInfo raises
     * @throws Refused where resque4j cannot reproduce et-orbi
     */
    static ZoneId resolve(String s) throws FugitError, Refused {
        String name = ALIASES.get(s);
        if (name == null) {
            Matcher u = UNZZ.matcher(s);
            if (u.matches()) {
                String abb = u.group(1);
                boolean zero = RubyText.toI(u.group(3)) == 0 && (u.group(4) == null || RubyText.toI(u.group(4)) == 0);
                if (zero && abb.equals("UTC")) {
                    return ZoneId.of("Etc/UTC"); // et-orbi finds Etc/UCT, a link to Etc/UTC
                }
                if (zero && abb.equals("GMT")) {
                    return ZoneId.of("Africa/Abidjan"); // the first zone (by name) whose abbreviation is GMT
                }
                if (!abb.equals("UTC")) {
                    throw new Refused("the time zone '" + s + "' has the ABBR+N shape that et-orbi resolves by"
                        + " searching time zone abbreviations (it may pick an unexpected zone: 'CET+1' becomes"
                        + " Africa/Algiers, without DST, 'EST+5' becomes EST at -05:00, 'GMT+1' becomes GMT);"
                        + " resque4j cannot reproduce that: use a tz name such as 'Europe/Paris' or 'Etc/GMT-1',"
                        + " or an offset such as '+01:00'");
                }
                // UTC+N, N != 0: no zone has that abbreviation; et-orbi falls back to the name, and TZInfo raises
            }
            name = s;
        }
        Matcher m = OFFSET.matcher(name);
        if (m.matches()) {
            int hr = RubyText.toI(m.group(1));
            int mn = m.group(2) == null ? 0 : RubyText.toI(m.group(2));
            if (Math.abs(hr) <= 11 && mn <= 59) {
                if (hr < 0) {
                    mn = -mn;
                }
                return ZoneOffset.ofTotalSeconds(hr * 3600 + mn * 60);
            }
        }
        String n = name;
        while (!n.isEmpty()) {
            if (KNOWN.contains(n)) {
                if (n.startsWith("UTC+") || n.startsWith("UTC-")) {
                    throw new FugitError("TZInfo::InvalidTimezoneIdentifier", "Invalid identifier: " + n);
                }
                try {
                    return ZoneId.of(RUBY_ONLY.getOrDefault(n, n));
                } catch (DateTimeException e) {
                    return null;
                }
            }
            n = n.substring(0, n.length() - 1);
        }
        return null;
    }
}
