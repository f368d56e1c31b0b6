package io.github.resque4j.activejob;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reference to a Rails model, as ActiveJob passes records: {@code {"_aj_globalid":"gid://app/Model/id"}}. The
 * Ruby worker looks the record up ({@code GlobalID::Locator.locate}); Java keeps the reference and never resolves
 * it.
 *
 * <p>The URI is parsed as globalid's {@code URI::GID} does: {@code gid://<app>/<model name>/<model id>[?params]},
 * the model id unescaped with {@code CGI.unescape} ({@code +} is a space) and the params decoded as
 * {@code URI.decode_www_form} (a repeated key keeps its first position and its last value). {@link #of} builds
 * the URI the way {@code URI::GID.build} does, so the text equals what Ruby's {@code to_global_id.to_s} gives.
 *
 * @param uri the URI exactly as written, e.g. {@code gid://shop/Admin::User/42}
 * @param app the app name (the URI host), e.g. {@code shop}
 * @param modelName the model class name, e.g. {@code Admin::User}
 * @param modelId the record id, unescaped (always a string, as in Ruby)
 * @param params the query parameters in order, unmodifiable (usually empty)
 */
public record GlobalId(String uri, String app, String modelName, String modelId, Map<String, String> params) {

    /** An app name {@code URI::GID.validate_app} accepts: a host name (no underscore). */
    private static final String HOST = "[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
            + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*";
    private static final Pattern APP = Pattern.compile(HOST);
    /** {@code gid://app/model/id?query}: the parts Ruby's {@code URI.split} gives for such a URI. */
    private static final Pattern GID = Pattern.compile("gid://(" + HOST + ")(/[^?#\\s]*)(?:\\?([^#\\s]*))?");

    /** Copies the params and checks that the parts are present. */
    public GlobalId {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(modelId, "modelId");
        params = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(params, "params")));
    }

    /**
     * Parses a GlobalID URI.
     *
     * @param uri e.g. {@code gid://shop/User/42}
     * @return the parsed reference, keeping {@code uri} as given
     * @throws IllegalArgumentException if it is not a {@code gid://app/Model/id} URI (globalid raises
     *     {@code URI::InvalidComponentError} or {@code URI::BadURIError} for those)
     */
    public static GlobalId parse(String uri) {
        Objects.requireNonNull(uri, "uri");
        Matcher m = GID.matcher(uri);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a GlobalID URI (gid://app/Model/id): '" + uri + "'");
        }
        // path.split('/', 3): "", model name, the rest (which must not contain another '/').
        String path = m.group(2);
        int slash = path.indexOf('/', 1);
        String model = slash < 0 ? path.substring(1) : path.substring(1, slash);
        String id = slash < 0 ? "" : path.substring(slash + 1);
        if (model.isBlank() || id.isBlank() || id.indexOf('/') >= 0) {
            throw new IllegalArgumentException("not a GlobalID URI (gid://app/Model/id): '" + uri + "'");
        }
        Map<String, String> params = new LinkedHashMap<>();
        String query = m.group(3);
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String k = unescape(eq < 0 ? pair : pair.substring(0, eq));
                String v = eq < 0 ? "" : unescape(pair.substring(eq + 1));
                params.put(k, v);
            }
        }
        return new GlobalId(uri, m.group(1), model, unescape(id), params);
    }

    /**
     * Builds the reference Ruby's {@code URI::GID.build(app:, model_name:, model_id:)} gives.
     *
     * @param app the app name ({@code GlobalID.app} of the Rails app), a host name such as {@code shop}
     * @param modelName the model class name, e.g. {@code Admin::User}
     * @param modelId the record id (escaped with {@code CGI.escape} in the URI)
     * @return the reference
     * @throws IllegalArgumentException if the app is not a host name or the model name or id is blank
     */
    public static GlobalId of(String app, String modelName, Object modelId) {
        return of(app, modelName, modelId, Map.of());
    }

    /**
     * Builds the reference Ruby's {@code URI::GID.build(app:, model_name:, model_id:, params:)} gives.
     *
     * @param app the app name, a host name such as {@code shop}
     * @param modelName the model class name, e.g. {@code Admin::User}
     * @param modelId the record id; its {@code toString()} is used, as Ruby uses {@code to_s}
     * @param params query parameters, in order (written with {@code URI.encode_www_form})
     * @return the reference
     * @throws IllegalArgumentException if the app is not a host name or the model name or id is blank
     */
    public static GlobalId of(String app, String modelName, Object modelId, Map<String, String> params) {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(params, "params");
        String id = modelId.toString();
        if (!APP.matcher(app).matches()) {
            throw new IllegalArgumentException("GlobalID app name '" + app
                    + "' is not a host name (letters, digits and hyphens)");
        }
        if (modelName.isBlank() || modelName.indexOf('/') >= 0 || id.isBlank()) {
            throw new IllegalArgumentException("a GlobalID needs a model name without '/' and a non-blank id, got '"
                    + modelName + "' and '" + id + "'");
        }
        StringBuilder uri = new StringBuilder("gid://").append(app).append('/').append(modelName).append('/')
                .append(escape(id, "~"));
        if (!params.isEmpty()) {
            char sep = '?';
            for (Map.Entry<String, String> e : params.entrySet()) {
                uri.append(sep).append(escape(e.getKey(), "*")).append('=').append(escape(e.getValue(), "*"));
                sep = '&';
            }
        }
        return new GlobalId(uri.toString(), app, modelName, id, params);
    }

    /**
     * Percent-encodes UTF-8 bytes except letters, digits, {@code _ . -} and {@code extra}; a space becomes
     * {@code +}. With {@code "~"} this is Ruby 3's {@code CGI.escape}, with {@code "*"}
     * {@code URI.encode_www_form_component}.
     */
    private static String escape(String s, String extra) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.'
                    || c == '-' || extra.indexOf(c) >= 0) {
                out.append((char) c);
            } else if (c == ' ') {
                out.append('+');
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }

    /** {@code CGI.unescape}: {@code +} is a space, {@code %XX} a byte, anything else as is; bytes read as UTF-8. */
    private static String unescape(String s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                bytes.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    b = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.write(b, 0, b.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    /** @return the URI as written */
    @Override
    public String toString() {
        return uri;
    }
}
