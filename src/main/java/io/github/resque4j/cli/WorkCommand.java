package io.github.resque4j.cli;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import io.github.resque4j.worker.JobHandler;
import io.github.resque4j.worker.JobRegistry;
import io.github.resque4j.worker.WorkerOptions;
import io.github.resque4j.worker.WorkerPool;

/**
 * {@code resque4j work}: a Java worker pool with handlers from jars or packages. Ruby class names resolve to
 * {@link JobHandler} classes in the allow-listed packages ({@code Mailer::Deliver} →
 * {@code <pkg>.Mailer$Deliver} or {@code <pkg>.Mailer.Deliver}) or through explicit {@code --handler}
 * mappings; nothing outside them is ever loaded.
 */
@Command(name = "work", description = "Run a Java worker pool until SIGTERM/SIGINT.")
final class WorkCommand extends Base {
    @Option(names = {"-q", "--queues"}, required = true, split = ",", paramLabel = "QUEUE",
            description = "Queues in priority order, Ruby's syntax: critical,*,!low*")
    List<String> queues;

    @Option(names = {"-c", "--concurrency"}, defaultValue = "1", description = "Workers (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--jar", paramLabel = "JAR", description = "Jar(s) holding handler classes.")
    List<File> jars = new ArrayList<>();

    @Option(names = "--allow-package", paramLabel = "PACKAGE",
            description = "Java package(s) whose JobHandler classes may serve payload class names.")
    List<String> packages = new ArrayList<>();

    @Option(names = "--handler", paramLabel = "RUBY_CLASS=JAVA_CLASS",
            description = "Explicit mapping, e.g. Mailer::Deliver=com.example.jobs.DeliverMail")
    List<String> handlers = new ArrayList<>();

    @Option(names = "--shutdown-timeout", defaultValue = "30", paramLabel = "SECONDS",
            description = "How long running jobs may finish on shutdown (default ${DEFAULT-VALUE}).")
    long shutdownSeconds;

    @Option(names = "--poll", defaultValue = "5", paramLabel = "SECONDS",
            description = "Longest blocking poll (Ruby's INTERVAL, default ${DEFAULT-VALUE}).")
    double pollSeconds;

    @Override
    public Integer call() throws Exception {
        if (packages.isEmpty() && handlers.isEmpty()) {
            throw new IllegalArgumentException("give --allow-package and/or --handler so jobs have handlers");
        }
        List<URL> urls = new ArrayList<>();
        for (File jar : jars) {
            if (!jar.isFile()) {
                throw new IllegalArgumentException("no such jar: " + jar);
            }
            try {
                urls.add(jar.toURI().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("bad jar path: " + jar, e);
            }
        }
        ClassLoader loader = urls.isEmpty() ? getClass().getClassLoader()
                : new URLClassLoader(urls.toArray(new URL[0]), getClass().getClassLoader());
        JobRegistry.Builder reg = JobRegistry.builder().classLoader(loader);
        packages.forEach(reg::allowPackage);
        for (String h : handlers) {
            int eq = h.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--handler must be RUBY_CLASS=JAVA_CLASS, got " + h);
            }
            reg.registerClass(h.substring(0, eq), handlerClass(loader, h.substring(eq + 1)));
        }
        WorkerOptions options = WorkerOptions.builder(reg.build(), queues.toArray(new String[0]))
                .concurrency(concurrency).shutdownTimeout(Duration.ofSeconds(shutdownSeconds))
                .pollTimeout(Duration.ofMillis((long) (pollSeconds * 1000))).installShutdownHook(true).build();
        WorkerPool pool = WorkerPool.create(config(), options);
        StartupRetry.run(pool::start, err());
        err().println("resque4j: working " + String.join(",", queues) + " as " + pool.workerIds());
        err().flush();
        new CountDownLatch(1).await(); // the shutdown hook closes the pool on SIGTERM/SIGINT
        return Main.OK;
    }

    private static Class<? extends JobHandler> handlerClass(ClassLoader loader, String name) {
        try {
            Class<?> c = Class.forName(name, false, loader);
            if (!JobHandler.class.isAssignableFrom(c)) {
                throw new IllegalArgumentException(name + " does not implement " + JobHandler.class.getName());
            }
            return c.asSubclass(JobHandler.class);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("handler class not found: " + name);
        }
    }
}
