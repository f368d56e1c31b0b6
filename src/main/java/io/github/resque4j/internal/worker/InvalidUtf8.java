package io.github.resque4j.internal.worker;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A payload whose bytes are not UTF-8 cannot be kept as JSON text, so its failure entry carries a lossless
 * spelling: valid characters as they are, each invalid byte as {@code \xNN} (Ruby's inspect spelling) and
 * a backslash as {@code \\}, so the original bytes can be rebuilt exactly.
 */
final class InvalidUtf8 {
    private InvalidUtf8() {
    }

    /** @param bytes stored payload bytes @return the escaped spelling */
    static String escape(byte[] bytes) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        StringBuilder b = new StringBuilder(bytes.length + 16);
        while (true) {
            CoderResult r = d.decode(in, out, true);
            out.flip();
            for (int i = 0; i < out.length(); i++) {
                char c = out.charAt(i);
                b.append(c == '\\' ? "\\\\" : String.valueOf(c));
            }
            out.clear();
            if (r.isError()) {
                for (int i = 0; i < r.length(); i++) {
                    b.append(String.format("\\x%02X", in.get() & 0xff));
                }
            } else if (r.isUnderflow()) {
                break;
            }
        }
        return b.toString();
    }

    /** @param bytes stored payload bytes @return where the first invalid byte is */
    static String describe(byte[] bytes) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CoderResult r = d.decode(in, CharBuffer.allocate(bytes.length), true);
        return r.isError() ? "payload is not valid UTF-8 (first invalid byte at offset " + in.position() + " of "
                + bytes.length + ")" : "payload is not valid UTF-8";
    }
}
