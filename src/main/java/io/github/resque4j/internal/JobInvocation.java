package io.github.resque4j.internal;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.resque4j.worker.JobContext;
import io.github.resque4j.worker.JobHandler;
import io.github.resque4j.worker.JobHook;

/**
 * Ruby's {@code Resque::Job#perform} around one handler: before hooks ({@code false} = {@code DontPerform}),
 * around hooks nested in registration order, the handler, after hooks; and {@code on_failure} hooks. Written
 * once so that every place that runs a job (the inline client, and the worker) runs the hooks the same way.
 */
public final class JobInvocation {
    private static final Logger LOG = LoggerFactory.getLogger(JobInvocation.class);

    private JobInvocation() {
    }

    /**
     * @param ctx the job
     * @param handler its handler
     * @param chain global hooks, then the class's hooks
     * @throws Exception whatever a hook or the handler threw (failure hooks are not run here)
     */
    public static void perform(JobContext ctx, JobHandler handler, List<JobHook> chain) throws Exception {
        for (JobHook h : chain) {
            if (!h.beforePerform(ctx)) {
                return; // Ruby's DontPerform: skipped, not a failure
            }
        }
        around(chain, 0, ctx, handler);
        for (JobHook h : chain) {
            h.afterPerform(ctx);
        }
    }

    private static void around(List<JobHook> chain, int i, JobContext ctx, JobHandler handler) throws Exception {
        if (i == chain.size()) {
            handler.perform(ctx);
            return;
        }
        chain.get(i).aroundPerform(ctx, () -> around(chain, i + 1, ctx, handler));
    }

    /**
     * Runs every {@code onFailure} hook; one that throws is logged and the others still run (the failure itself
     * is what gets reported, as in Ruby).
     *
     * @param ctx the job
     * @param error why it failed
     * @param chain global hooks, then the class's hooks
     */
    public static void failureHooks(JobContext ctx, Throwable error, List<JobHook> chain) {
        for (JobHook h : chain) {
            try {
                h.onFailure(ctx, error);
            } catch (RuntimeException e) {
                LOG.error("on-failure hook threw; the failure is still reported", e);
            }
        }
    }
}
