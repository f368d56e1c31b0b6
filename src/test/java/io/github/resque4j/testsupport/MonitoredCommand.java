package io.github.resque4j.testsupport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * One command from a MONITOR line such as {@code 1795.2 [0 127.0.0.1:5] "rpush" "resque:queue:q" "{\"a\":1}"},
 * with redis-cli's escapes ({@code \"}, {@code \\}, {@code \xNN}, {@code \n} …) decoded back to the UTF-8
 * text the client sent.
 *
 * @param name lower-case command name
 * @param args arguments as text
 * @param fromLua whether a script issued it ({@code [0 lua]})
 */
public record MonitoredCommand(String name, List<String> args, boolean fromLua) {

    /** @param line a MONITOR line @return the command, or null for a non-command line */
    public static MonitoredCommand parseMonitorLine(String line) {
        int bracket = line.indexOf(']');
        if (bracket < 0) {
            return null;
        }
        boolean lua = line.substring(0, bracket).contains("lua");
        List<String> tokens = tokens(line.substring(bracket + 1));
        if (tokens.isEmpty()) {
            return null;
        }
        return new MonitoredCommand(tokens.get(0).toLowerCase(Locale.ROOT), tokens.subList(1, tokens.size()), lua);
    }

    private static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '"') {
                i++;
                continue;
            }
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            i++;
            while (i < s.length() && s.charAt(i) != '"') {
                char ch = s.charAt(i);
                if (ch == '\\' && i + 1 < s.length()) {
                    char e = s.charAt(i + 1);
                    switch (e) {
                        case 'x':
                            b.write(Integer.parseInt(s.substring(i + 2, i + 4), 16));
                            i += 4;
                            continue;
                        case 'n':
                            b.write('\n');
                            break;
                        case 'r':
                            b.write('\r');
                            break;
                        case 't':
                            b.write('\t');
                            break;
                        case 'a':
                            b.write(7);
                            break;
                        case 'b':
                            b.write('\b');
                            break;
                        default:
                            b.write(e);
                    }
                    i += 2;
                } else {
                    byte[] bytes = String.valueOf(ch).getBytes(StandardCharsets.UTF_8);
                    b.write(bytes, 0, bytes.length);
                    i++;
                }
            }
            i++;
            out.add(b.toString(StandardCharsets.UTF_8));
        }
        return out;
    }

    /** @param rewrite applied to every argument (e.g. namespace or id normalisation) @return a copy */
    public MonitoredCommand map(UnaryOperator<String> rewrite) {
        List<String> a = new ArrayList<>(args.size());
        for (String s : args) {
            a.add(rewrite.apply(s));
        }
        return new MonitoredCommand(name, a, fromLua);
    }

    /** @return name and arguments, as in a transcript (without the lua flag) */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name);
        for (String a : args) {
            sb.append(' ').append('"').append(a).append('"');
        }
        return sb.toString();
    }
}
