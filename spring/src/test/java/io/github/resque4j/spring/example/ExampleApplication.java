package io.github.resque4j.spring.example;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot application that works Resque jobs. Its handlers are plain beans ({@link DeliverMail},
 * {@link Reports}); the starter finds them, registers 2 Resque workers on the {@code mailers} and {@code reports}
 * queues (see {@code application.properties}), and exposes {@code /actuator/health} (component {@code resque})
 * and {@code /actuator/metrics/resque.*}.
 *
 * <p>Run it against the local Redis: {@code mvn spring-boot:test-run} in {@code spring/}; then enqueue from Ruby
 * ({@code Resque.enqueue_to("mailers", "Mailer::Deliver", 42, "welcome")}) or from the {@code resque4j} command
 * line, and watch {@code curl localhost:8080/actuator/metrics/resque.jobs.processed}.
 */
@SpringBootApplication
public class ExampleApplication {
    /** @param args Spring Boot arguments, e.g. {@code --resque4j.redis-url=redis://host:6379/0} */
    public static void main(String[] args) {
        SpringApplication.run(ExampleApplication.class, args);
    }
}
