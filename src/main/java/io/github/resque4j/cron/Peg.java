package io.github.resque4j.cron;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tiny parsing-expression engine with the semantics of raabro 1.4 (the parser library fugit is written with), so
 * that the grammars in {@link FugitCronGrammar} and {@link FugitDuration} can be transcribed rule by rule and accept
 * exactly the strings fugit accepts.
 *
 * <p>Semantics kept from raabro: ordered choice without backtracking into a successful alternative, regular
 * expressions anchored at the current offset (leftmost match that must start there), {@code jseq} that gives back a
 * trailing separator, and the tree keeps only successful nodes ("pruned"). Every parser is stateless; the mutable
 * state lives in the per-call {@link Input}.
 */
final class Peg {
    private Peg() {
    }

    /** The text being parsed and the current offset. */
    static final class Input {
        final String text;
        int offset;

        Input(String text) {
            this.text = text;
        }
    }

    /** A parse tree node; only successful nodes are kept in a tree. */
    static final class Node {
        final String name;
        final boolean ok;
        final int offset;
        final int length;
        final List<Node> children;
        private final String text;

        Node(String name, boolean ok, int offset, int length, List<Node> children, String text) {
            this.name = name;
            this.ok = ok;
            this.offset = offset;
            this.length = length;
            this.children = children;
            this.text = text;
        }

        /** @return the matched text */
        String string() {
            return text.substring(offset, offset + length);
        }

        /** raabro {@code lookup}: this node if it bears {@code name} (any name when null), else the first below. */
        Node lookup(String wanted) {
            if (wanted == null ? name != null : wanted.equals(name)) {
                return this;
            }
            return sublookup(wanted);
        }

        /** raabro {@code sublookup}. */
        Node sublookup(String wanted) {
            for (Node c : children) {
                Node n = c.lookup(wanted);
                if (n != null) {
                    return n;
                }
            }
            return null;
        }

        /** raabro {@code gather}: the topmost nodes bearing {@code name} (any name when null). */
        void gather(String wanted, List<Node> acc) {
            if (wanted == null ? name != null : wanted.equals(name)) {
                acc.add(this);
            } else {
                subgather(wanted, acc);
            }
        }

        /** raabro {@code subgather}. */
        List<Node> subgather(String wanted) {
            List<Node> acc = new ArrayList<>();
            subgather(wanted, acc);
            return acc;
        }

        private void subgather(String wanted, List<Node> acc) {
            for (Node c : children) {
                c.gather(wanted, acc);
            }
        }
    }

    /** A parser: consumes from {@link Input#offset} on success, leaves it unchanged on failure. */
    @FunctionalInterface
    interface P {
        Node parse(Input in);
    }

    private static Node fail(String name, Input in) {
        return new Node(name, false, in.offset, 0, Collections.emptyList(), in.text);
    }

    private static List<Node> successful(List<Node> nodes) {
        List<Node> out = new ArrayList<>(nodes.size());
        for (Node n : nodes) {
            if (n.ok) {
                out.add(n);
            }
        }
        return out;
    }

    /** raabro {@code rex}: the regex must match starting exactly at the offset. */
    static P rex(String name, Pattern pattern) {
        return in -> {
            Matcher m = pattern.matcher(in.text);
            m.region(in.offset, in.text.length());
            if (!m.lookingAt()) {
                return fail(name, in);
            }
            int start = in.offset;
            int len = m.end() - start;
            in.offset += len;
            return new Node(name, true, start, len, Collections.emptyList(), in.text);
        };
    }

    /** raabro {@code str}. */
    static P str(String name, String literal) {
        return in -> {
            if (!in.text.startsWith(literal, in.offset)) {
                return fail(name, in);
            }
            int start = in.offset;
            in.offset += literal.length();
            return new Node(name, true, start, literal.length(), Collections.emptyList(), in.text);
        };
    }

    /** A quantified element inside {@link #seq}: its repetitions' children are spliced into the sequence. */
    static final class Rep {
        final P parser;
        final int min;
        final int max;

        Rep(P parser, int min, int max) {
            this.parser = parser;
            this.min = min;
            this.max = max;
        }
    }

    /** raabro's {@code '?'} after a parser in a seq. */
    static Rep opt(P p) {
        return new Rep(p, 0, 1);
    }

    /** raabro's {@code '+'} after a parser in a seq. */
    static Rep plus(P p) {
        return new Rep(p, 1, 0);
    }

    /** raabro {@code seq}: every part in order; parts are {@link P} or {@link Rep}. */
    static P seq(String name, Object... parts) {
        return in -> {
            int start = in.offset;
            List<Node> children = new ArrayList<>();
            for (Object part : parts) {
                Node c;
                if (part instanceof Rep) {
                    Rep q = (Rep) part;
                    c = rep(null, q.parser, q.min, q.max).parse(in);
                    if (c.ok) {
                        children.addAll(c.children);
                    }
                } else {
                    c = ((P) part).parse(in);
                    if (c.ok) {
                        children.add(c);
                    }
                }
                if (!c.ok) {
                    in.offset = start;
                    return new Node(name, false, start, 0, successful(children), in.text);
                }
            }
            return new Node(name, true, start, in.offset - start, children, in.text);
        };
    }

    /** raabro {@code alt} (not greedy): the first alternative that succeeds. */
    static P alt(String name, P... parsers) {
        return in -> {
            int start = in.offset;
            for (P p : parsers) {
                Node c = p.parse(in);
                in.offset = start;
                if (c.ok) {
                    in.offset = start + c.length;
                    return new Node(name, true, start, c.length, List.of(c), in.text);
                }
            }
            return fail(name, in);
        };
    }

    /** raabro {@code rep}; {@code max} 0 means unbounded. */
    static P rep(String name, P parser, int min, int max) {
        return in -> {
            int start = in.offset;
            int count = 0;
            List<Node> children = new ArrayList<>();
            while (true) {
                Node c = parser.parse(in);
                if (!c.ok) {
                    break;
                }
                children.add(c);
                count++;
                if (c.length < 1) {
                    break;
                }
                if (max > 0 && count == max) {
                    break;
                }
            }
            if (count >= min && (max <= 0 || count <= max)) {
                return new Node(name, true, start, in.offset - start, children, in.text);
            }
            in.offset = start;
            return new Node(name, false, start, 0, children, in.text);
        };
    }

    /** raabro {@code jseq}: elt (sep elt)*, at least one elt; a separator not followed by an elt is given back. */
    static P jseq(String name, P elt, P sep) {
        return in -> {
            int start = in.offset;
            List<Node> children = new ArrayList<>();
            boolean onElt = false;
            int count = 0;
            int emptyStack = 0;
            while (true) {
                onElt = !onElt;
                Node cr = (onElt ? elt : sep).parse(in);
                boolean ok = cr.ok;
                emptyStack = (ok && cr.length == 0) ? emptyStack + 1 : 0;
                if (emptyStack > 1) {
                    ok = false; // raabro: "prevent no progress"
                }
                if (!ok) {
                    if (onElt && count > 0) {
                        Node lsep = children.remove(children.size() - 1);
                        in.offset = lsep.offset;
                    } else if (!onElt && cr.ok) {
                        in.offset -= cr.length; // an empty success turned into a failure consumed nothing anyway
                    }
                    break;
                }
                children.add(cr);
                count++;
            }
            if (count < 1) {
                in.offset = start;
                return new Node(name, false, start, 0, children, in.text);
            }
            return new Node(name, true, start, in.offset - start, children, in.text);
        };
    }

    /**
     * raabro {@code Parser.parse(input)} with its default {@code all: true}: the root must consume the whole input.
     * Like raabro, an empty input "succeeds" even when the root failed (the failed root is returned); callers handle
     * that case (fugit's rewrites then see an empty tree).
     *
     * @return the root node, or null when the input is not entirely consumed
     */
    static Node parseAll(P root, String text) {
        Input in = new Input(text);
        Node r = root.parse(in);
        if (r.length < text.length() || (!r.ok && !text.isEmpty())) {
            return null;
        }
        return r;
    }
}
