package io.github.resque4j.spring;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.aop.framework.autoproxy.AutoProxyUtils;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import io.github.resque4j.JobArgumentException;
import io.github.resque4j.worker.JobContext;
import io.github.resque4j.worker.JobHandler;
import io.github.resque4j.worker.JobRegistry;

/**
 * Finds {@link ResqueJob} handlers among the bean definitions, by type only: no bean is created here, each
 * handler looks its bean up by name when it first runs (after the context has created every singleton), so a
 * handler may depend on anything, the worker pool included.
 */
final class ResqueJobHandlers {
    private final ConfigurableListableBeanFactory beans;
    /** Ruby class name to a description of who claimed it, for the duplicate error. */
    private final Map<String, String> claimed = new LinkedHashMap<>();

    private ResqueJobHandlers(ConfigurableListableBeanFactory beans) {
        this.beans = beans;
    }

    /**
     * @param beans the application's bean factory
     * @param registry receives every handler found
     * @return Ruby class name to the bean (and method) serving it
     * @throws IllegalStateException if two handlers claim one class, or an annotated bean is no JobHandler
     */
    static Map<String, String> register(ConfigurableListableBeanFactory beans, JobRegistry.Builder registry) {
        ResqueJobHandlers h = new ResqueJobHandlers(beans);
        h.scan(registry);
        return h.claimed;
    }

    private void scan(JobRegistry.Builder registry) {
        for (String name : beans.getBeanDefinitionNames()) {
            if (ScopedProxyUtils.isScopedTarget(name)) {
                continue; // its scoped proxy is scanned under the plain name
            }
            Class<?> type = targetClass(name);
            if (type == null) {
                continue;
            }
            // On the bean's class or its @Bean factory method: the bean is the handler.
            ResqueJob onBean = beans.findAnnotationOnBean(name, ResqueJob.class, false);
            if (onBean != null) {
                if (!JobHandler.class.isAssignableFrom(type)) {
                    throw new IllegalStateException("bean '" + name + "' (" + type.getName() + ") is annotated @"
                            + "ResqueJob but is not a JobHandler; implement JobHandler or annotate its methods");
                }
                Supplier<Object> bean = lazyBean(name);
                JobHandler handler = job -> ((JobHandler) bean.get()).perform(job);
                for (String rubyClass : onBean.value()) {
                    claim(rubyClass, "bean '" + name + "'");
                    registry.register(rubyClass, handler);
                }
            }
            if (!AnnotationUtils.isCandidateClass(type, ResqueJob.class)) {
                continue; // java.* and the like: cannot carry the annotation
            }
            Map<Method, ResqueJob> methods = MethodIntrospector.selectMethods(type,
                    (MethodIntrospector.MetadataLookup<ResqueJob>) m -> AnnotatedElementUtils.hasAnnotation(m, Bean.class)
                            ? null : AnnotatedElementUtils.findMergedAnnotation(m, ResqueJob.class));
            for (Map.Entry<Method, ResqueJob> e : methods.entrySet()) {
                JobHandler handler = methodHandler(name, e.getKey());
                for (String rubyClass : e.getValue().value()) {
                    claim(rubyClass, "bean '" + name + "' method " + e.getKey().getName());
                    registry.register(rubyClass, handler);
                }
            }
        }
    }

    private Class<?> targetClass(String name) {
        try {
            // Predicted from the definition: creates no bean, not even a FactoryBean.
            Class<?> type = beans.getType(name, false);
            if (type != null && java.lang.reflect.Proxy.isProxyClass(type)) {
                // An interface proxy already created: the proxy creator recorded the class behind it.
                type = AutoProxyUtils.determineTargetClass(beans, name);
            }
            return type == null ? null : ClassUtils.getUserClass(type);
        } catch (RuntimeException e) {
            return null; // a definition whose type cannot be known without creating it: not a handler we can see
        }
    }

    private void claim(String rubyClass, String who) {
        String before = claimed.putIfAbsent(rubyClass, who);
        if (before != null) {
            throw new IllegalStateException("Ruby class '" + rubyClass + "' is claimed twice by @ResqueJob: " + before
                    + " and " + who);
        }
    }

    private Supplier<Object> lazyBean(String name) {
        return new Supplier<>() {
            private volatile Object bean;

            @Override
            public Object get() {
                Object b = bean;
                if (b == null) {
                    b = beans.getBean(name);
                    bean = b;
                }
                return b;
            }
        };
    }

    private JobHandler methodHandler(String beanName, Method declared) {
        Supplier<Object> bean = lazyBean(beanName);
        Parameter[] params = declared.getParameters();
        int positional = 0;
        for (Parameter p : params) {
            positional += p.getType() == JobContext.class ? 0 : 1;
        }
        int arity = positional;
        return job -> {
            if (job.args().size() != arity) {
                // Ruby raises ArgumentError for a perform called with the wrong number of arguments.
                throw new JobArgumentException("wrong number of arguments for " + job.className() + " (given "
                        + job.args().size() + ", expected " + arity + ") calling " + declared);
            }
            Object[] values = new Object[params.length];
            int index = 0;
            for (int i = 0; i < params.length; i++) {
                values[i] = params[i].getType() == JobContext.class ? job
                        : job.arg(index++, params[i].getParameterizedType());
            }
            Object target = bean.get();
            Method method = AopUtils.selectInvocableMethod(declared, target.getClass());
            ReflectionUtils.makeAccessible(method);
            try {
                method.invoke(target, values);
            } catch (InvocationTargetException e) {
                // The job's own exception, not reflection's wrapper, goes to the failed list.
                Throwable cause = e.getCause();
                if (cause instanceof Exception) {
                    throw (Exception) cause;
                }
                throw (Error) cause;
            }
        };
    }
}
