package io.github.resque4j.spring;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.resque4j.client.ResqueClient;
import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.metrics.ResqueMetrics;
import io.github.resque4j.worker.JobHandler;
import io.github.resque4j.worker.JobHook;
import io.github.resque4j.worker.JobRegistry;
import io.github.resque4j.worker.WorkerListener;
import io.github.resque4j.worker.WorkerOptions;
import io.github.resque4j.worker.WorkerPool;

/**
 * resque4j for a Spring Boot application: a {@link ResqueConfig} and {@link ResqueClient} from the
 * {@code resque4j.*} properties and, unless {@code resque4j.worker.enabled=false}, a {@link WorkerPool} running
 * the {@link ResqueJob} handler beans, started and stopped with the context. Every bean backs off when the
 * application defines its own.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "resque4j.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ResqueProperties.class)
public class ResqueAutoConfiguration {

    /**
     * @param props properties
     * @param customizers adjustments
     * @return the connection settings
     */
    @Bean
    @ConditionalOnMissingBean
    public ResqueConfig resqueConfig(ResqueProperties props, ObjectProvider<ResqueConfigCustomizer> customizers) {
        ResqueConfig.Builder b = ResqueConfig.builder().redis(props.getRedisUrl()).namespace(props.getNamespace())
                .jsonProfile(props.getJsonProfile()).connectionPoolSize(props.getConnectionPoolSize())
                .connectTimeout(props.getConnectTimeout()).commandTimeout(props.getCommandTimeout());
        customizers.orderedStream().forEach(c -> c.customize(b));
        return b.build();
    }

    /**
     * @param config connection settings
     * @return the client, closed with the context
     */
    @Bean
    @ConditionalOnMissingBean
    public ResqueClient resqueClient(ResqueConfig config) {
        return ResqueClient.create(config);
    }

    /**
     * @param metrics the metrics, when there are any
     * @param client queue sizes source
     * @param pool utilisation source, when there is a pool
     * @param props sampling interval
     * @return the sampler's lifecycle (idle without a {@link ResqueMetrics} bean)
     */
    @Bean
    @ConditionalOnMissingBean
    public ResqueMetricsSamplerLifecycle resqueMetricsSampler(ObjectProvider<ResqueMetrics> metrics,
            ResqueClient client, ObjectProvider<WorkerPool> pool, ResqueProperties props) {
        return new ResqueMetricsSamplerLifecycle(metrics.getIfAvailable(), client,
                pool.getIfUnique(), props.getMetrics().getSampleInterval());
    }

    /** The workers. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty(name = "resque4j.worker.enabled", matchIfMissing = true)
    public static class WorkerConfiguration {
        private static final Logger LOG = LoggerFactory.getLogger(ResqueAutoConfiguration.class);

        /**
         * @param beans where {@link ResqueJob} handlers are looked for
         * @param props allowed packages
         * @param customizers adjustments
         * @return the handlers
         */
        @Bean
        @ConditionalOnMissingBean
        public JobRegistry resqueJobRegistry(ConfigurableListableBeanFactory beans, ResqueProperties props,
                ObjectProvider<JobRegistryCustomizer> customizers) {
            JobRegistry.Builder b = JobRegistry.builder();
            props.getWorker().getAllowedPackages().forEach(b::allowPackage);
            // Handler classes that payloads name through allowed packages: the bean of that class if there is
            // one, else a new instance per job with its constructor dependencies injected.
            b.instantiator(springInstantiator(beans));
            if (beans.getBeanClassLoader() != null) {
                b.classLoader(beans.getBeanClassLoader());
            }
            Map<String, String> found = ResqueJobHandlers.register(beans, b);
            LOG.info("@ResqueJob handlers: {}", found);
            customizers.orderedStream().forEach(c -> c.customize(b));
            return b.build();
        }

        private static java.util.function.Function<Class<? extends JobHandler>, JobHandler> springInstantiator(
                ConfigurableListableBeanFactory beans) {
            return cls -> {
                JobHandler bean = beans.getBeanProvider(cls).getIfUnique();
                return bean != null ? bean : beans.createBean(cls);
            };
        }

        /**
         * @param registry handlers
         * @param props properties
         * @param metrics metrics, when there are any
         * @param hooks global job hook beans
         * @param listeners worker listener beans
         * @param customizers adjustments
         * @return the worker options
         */
        @Bean
        @ConditionalOnMissingBean
        public WorkerOptions resqueWorkerOptions(JobRegistry registry, ResqueProperties props,
                ObjectProvider<ResqueMetrics> metrics, ObjectProvider<JobHook> hooks,
                ObjectProvider<WorkerListener> listeners, ObjectProvider<WorkerOptionsCustomizer> customizers) {
            ResqueProperties.Worker w = props.getWorker();
            WorkerOptions.Builder b = WorkerOptions.builder(registry, props.getQueues().toArray(new String[0]))
                    .concurrency(props.getConcurrency()).pollTimeout(w.getPollTimeout())
                    .shutdownTimeout(w.getShutdownTimeout()).inFlightPolicy(w.getInFlightPolicy())
                    .failureBackend(w.getFailureBackend()).pruneAtStartup(w.isPruneAtStartup())
                    .installShutdownHook(false); // the context's own shutdown hook stops the pool
            if (w.getJobTimeout() != null) {
                b.jobTimeout(w.getJobTimeout());
            }
            if (w.getHostname() != null) {
                b.hostname(w.getHostname());
            }
            metrics.ifAvailable(m -> b.listener(m.workerListener()));
            hooks.orderedStream().forEach(b::hook);
            listeners.orderedStream().forEach(b::listener);
            customizers.orderedStream().forEach(c -> c.customize(b));
            return b.build();
        }

        /**
         * @param config connection settings
         * @param options worker options
         * @return the pool (started by {@link ResqueWorkerLifecycle})
         */
        @Bean
        @ConditionalOnMissingBean
        public WorkerPool resqueWorkerPool(ResqueConfig config, WorkerOptions options) {
            return WorkerPool.create(config, options);
        }

        /**
         * @param pool the pool
         * @param props auto-startup
         * @return the pool's lifecycle
         */
        @Bean
        @ConditionalOnMissingBean
        public ResqueWorkerLifecycle resqueWorkerLifecycle(WorkerPool pool, ResqueProperties props) {
            return new ResqueWorkerLifecycle(pool, props.getWorker().isAutoStartup());
        }
    }
}
