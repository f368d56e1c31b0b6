package io.github.resque4j.internal.worker;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.github.resque4j.InvalidNameException;

/**
 * A worker's queue list with Ruby Resque 3.0 semantics ({@code worker.rb:183-225}): entries starting with
 * {@code !} are skip patterns; any of {@code * ? { } [ ]} makes the list dynamic, re-expanded from the
 * {@code queues} set before every reservation, each pattern's matches sorted, duplicates dropped, skip
 * patterns removed. Matching is {@code File.fnmatch?} without flags: {@code *}, {@code ?}, {@code [set]}
 * ({@code !}/{@code ^} negate), {@code \} escapes, and a leading {@code .} only matched explicitly.
 */
public final class QueuePatterns {
    private static final String WILDCARDS = "*?{}[]";

    private final List<String> patterns;
    private final List<String> skips;
    private final boolean dynamic;
    private final List<Pattern> compiled;
    private final List<Pattern> compiledSkips;

    private QueuePatterns(List<String> patterns, List<String> skips) {
        this.patterns = List.copyOf(patterns);
        this.skips = List.copyOf(skips);
        boolean wild = false;
        for (String p : patterns) {
            for (char c : p.toCharArray()) {
                wild |= WILDCARDS.indexOf(c) >= 0;
            }
        }
        this.dynamic = wild || !skips.isEmpty();
        this.compiled = patterns.stream().map(QueuePatterns::toRegex).toList();
        this.compiledSkips = skips.stream().map(QueuePatterns::toRegex).toList();
    }

    /**
     * @param configured queue names and patterns in priority order, e.g. {@code critical, *, !skip*}
     * @return the parsed list
     * @throws InvalidNameException if empty, or an entry is empty or contains {@code :} or {@code ,}
     */
    public static QueuePatterns of(List<String> configured) {
        List<String> patterns = new ArrayList<>();
        List<String> skips = new ArrayList<>();
        for (String raw : configured) {
            String q = raw == null ? "" : raw.strip();
            if (q.isEmpty() || q.equals("!")) {
                throw new InvalidNameException("empty queue name in worker queue list " + configured);
            }
            if (q.indexOf(':') >= 0 || q.indexOf(',') >= 0) {
                throw new InvalidNameException("queue pattern '" + q + "' contains ':' or ',', which break worker ids");
            }
            if (q.startsWith("!")) {
                skips.add(q.substring(1));
            } else {
                patterns.add(q);
            }
        }
        if (patterns.isEmpty()) {
            throw new InvalidNameException("a worker needs at least one queue (got " + configured + ")");
        }
        return new QueuePatterns(patterns, skips);
    }

    /** @return the patterns, skip patterns excluded, in order */
    public List<String> patterns() {
        return patterns;
    }

    /** @return the skip patterns without their {@code !} */
    public List<String> skips() {
        return skips;
    }

    /** @return whether the list must be re-expanded from the {@code queues} set before each reservation */
    public boolean dynamic() {
        return dynamic;
    }

    /** @return the queue part of the worker id: patterns joined with {@code ,} (globs kept, skips dropped) */
    public String idPart() {
        return String.join(",", patterns);
    }

    /** @return whether the list contains {@code *} itself (Ruby's prune ignores the queue match then) */
    public boolean listensToAll() {
        return patterns.contains("*");
    }

    /**
     * @param known the current members of {@code queues}
     * @return the queues to poll, in Ruby's order
     */
    public List<String> expand(Collection<String> known) {
        if (!dynamic) {
            return patterns;
        }
        Set<String> out = new LinkedHashSet<>();
        for (Pattern p : compiled) {
            List<String> matched = new ArrayList<>();
            for (String q : known) {
                if (p.matcher(q).matches() && compiledSkips.stream().noneMatch(s -> s.matcher(q).matches())) {
                    matched.add(q);
                }
            }
            // Ruby sorts Strings bytewise; for UTF-16 this equals code point order except for astral
            // characters, which queue names do not use in practice.
            Collections.sort(matched);
            out.addAll(matched);
        }
        return List.copyOf(out);
    }

    /**
     * @param glob a pattern
     * @param name a queue name
     * @return {@code File.fnmatch?(glob, name)}
     */
    public static boolean fnmatch(String glob, String name) {
        return toRegex(glob).matcher(name).matches();
    }

    private static Pattern toRegex(String glob) {
        StringBuilder re = new StringBuilder();
        boolean leadingWild = false;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (i == 0) {
                leadingWild = c == '*' || c == '?' || c == '[';
            }
            switch (c) {
                case '*':
                    re.append(".*");
                    break;
                case '?':
                    re.append('.');
                    break;
                case '\\':
                    if (i + 1 < glob.length()) {
                        re.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
                    } else {
                        re.append("\\\\");
                    }
                    break;
                case '[': {
                    int end = bracketEnd(glob, i);
                    if (end < 0) {
                        re.append("\\[");
                        break;
                    }
                    re.append('[');
                    int j = i + 1;
                    if (glob.charAt(j) == '!' || glob.charAt(j) == '^') {
                        re.append('^');
                        j++;
                    }
                    for (; j < end; j++) {
                        char b = glob.charAt(j);
                        if (b == '-' && j > i + 1 && j + 1 < end) {
                            re.append('-');
                        } else if (Character.isLetterOrDigit(b)) {
                            re.append(b);
                        } else {
                            re.append('\\').append(b);
                        }
                    }
                    re.append(']');
                    i = end;
                    break;
                }
                default:
                    re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        // Without FNM_DOTMATCH a leading '.' is only matched by a literal '.'.
        String body = re.toString();
        return Pattern.compile(leadingWild ? "(?!\\.)" + body : body, Pattern.DOTALL);
    }

    private static int bracketEnd(String glob, int open) {
        int j = open + 1;
        if (j < glob.length() && (glob.charAt(j) == '!' || glob.charAt(j) == '^')) {
            j++;
        }
        if (j < glob.length() && glob.charAt(j) == ']') {
            j++; // a leading ']' is literal
        }
        for (; j < glob.length(); j++) {
            if (glob.charAt(j) == ']') {
                return j;
            }
        }
        return -1;
    }

    /**
     * Lua pattern equivalents for the reservation script, which expands dynamic lists inside Redis so the
     * expansion and the pop happen in the same step, as Ruby's do per reservation.
     *
     * @param globs patterns
     * @return for each: a Lua pattern anchored at both ends, prefixed with {@code 1} if a leading {@code .}
     *         must not match, else {@code 0}
     */
    public static List<String> toLua(List<String> globs) {
        List<String> out = new ArrayList<>(globs.size());
        for (String g : globs) {
            out.add(luaPattern(g));
        }
        return out;
    }

    private static String luaPattern(String glob) {
        StringBuilder p = new StringBuilder("^");
        boolean leadingWild = !glob.isEmpty() && (glob.charAt(0) == '*' || glob.charAt(0) == '?' || glob.charAt(0) == '[');
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*':
                    p.append(".*");
                    break;
                case '?':
                    p.append('.');
                    break;
                case '\\':
                    if (i + 1 < glob.length()) {
                        luaLiteral(p, glob.charAt(++i));
                    } else {
                        p.append("%\\");
                    }
                    break;
                case '[': {
                    int end = bracketEnd(glob, i);
                    if (end < 0) {
                        p.append("%[");
                        break;
                    }
                    p.append('[');
                    int j = i + 1;
                    if (glob.charAt(j) == '!' || glob.charAt(j) == '^') {
                        p.append('^');
                        j++;
                    }
                    for (; j < end; j++) {
                        char b = glob.charAt(j);
                        if (b == '-' && j > i + 1 && j + 1 < end) {
                            p.append('-');
                        } else if (Character.isLetterOrDigit(b) && b < 128) {
                            p.append(b);
                        } else {
                            luaLiteral(p, b);
                        }
                    }
                    p.append(']');
                    i = end;
                    break;
                }
                default:
                    luaLiteral(p, c);
            }
        }
        p.append('$');
        return (leadingWild ? "1" : "0") + p;
    }

    private static void luaLiteral(StringBuilder p, char c) {
        if (c < 128 && !Character.isLetterOrDigit(c)) {
            p.append('%');
        }
        p.append(c);
    }
}
