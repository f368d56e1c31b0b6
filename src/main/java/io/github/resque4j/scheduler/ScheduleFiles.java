package io.github.resque4j.scheduler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.github.resque4j.ResqueException;

/**
 * Reads a resque-scheduler schedule file: a YAML (or JSON) mapping of schedule name to config
 * ({@code cron}/{@code every}, {@code class}, {@code queue}, {@code args}, {@code description},
 * {@code rails_env}…), in file order.
 */
public final class ScheduleFiles {
    private ScheduleFiles() {
    }

    /**
     * @param file {@code .yml}/{@code .yaml} or {@code .json}
     * @return name → config, in file order
     * @throws ResqueException naming the file and the problem
     */
    public static Map<String, Map<String, Object>> load(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        ObjectMapper mapper = name.endsWith(".json") ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
        try {
            String text = Files.readString(file);
            if (text.isBlank()) {
                return new LinkedHashMap<>();
            }
            Map<String, Map<String, Object>> m = mapper.readValue(text,
                    new TypeReference<LinkedHashMap<String, Map<String, Object>>>() { });
            return m == null ? new LinkedHashMap<>() : m;
        } catch (IOException e) {
            throw new ResqueException("cannot read schedule file " + file + ": " + e.getMessage(), e);
        }
    }
}
