package io.github.resque4j.spring.example;

import java.util.List;

import org.springframework.stereotype.Component;

import io.github.resque4j.spring.ResqueJob;
import io.github.resque4j.worker.JobContext;

/** Serves two Ruby classes with annotated methods; arguments arrive by position, converted. */
@Component
public class Reports {
    private final Outbox outbox;

    /** @param outbox where reports go */
    public Reports(Outbox outbox) {
        this.outbox = outbox;
    }

    /**
     * Ruby's {@code Reports::Build.perform(report_id, formats)}.
     *
     * @param reportId the report
     * @param formats output formats
     * @param job the job (takes no argument position)
     */
    @ResqueJob("Reports::Build")
    public void build(long reportId, List<String> formats, JobContext job) {
        outbox.record("report " + reportId + " as " + formats + " from queue " + job.queue());
    }

    /**
     * Ruby's {@code Reports::Purge.perform(report_id)}, which fails for unknown reports.
     *
     * @param reportId the report
     */
    @ResqueJob("Reports::Purge")
    public void purge(long reportId) {
        throw new IllegalArgumentException("no report " + reportId);
    }
}
