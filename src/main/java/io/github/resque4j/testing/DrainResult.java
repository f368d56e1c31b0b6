package io.github.resque4j.testing;

import java.util.List;

import org.opentest4j.AssertionFailedError;

/**
 * What a {@link ResqueTestKit#drain drain} ran, in the order the jobs finished.
 *
 * @param runs every job that ran, failures included
 */
public record DrainResult(List<JobRun> runs) {
    /**
     * Freezes the list.
     *
     * @param runs see the record description
     */
    public DrainResult {
        runs = List.copyOf(runs);
    }

    /** @return the number of jobs that ran (Resque's {@code processed}: failures included) */
    public int processed() {
        return runs.size();
    }

    /** @return the jobs that failed, in order */
    public List<JobRun> failures() {
        return runs.stream().filter(JobRun::failed).toList();
    }

    /** @return the number of jobs that failed */
    public int failed() {
        return failures().size();
    }

    /**
     * @param className a Ruby class name
     * @return the runs of jobs of that class, in order
     */
    public List<JobRun> runsOf(String className) {
        return runs.stream().filter(r -> className.equals(r.className())).toList();
    }

    /**
     * @return this, if no job failed
     * @throws AssertionFailedError naming every failed job, with the first failure as its cause
     */
    public DrainResult assertNoFailures() {
        List<JobRun> failures = failures();
        if (!failures.isEmpty()) {
            StringBuilder sb = new StringBuilder().append(failures.size()).append(" of ").append(runs.size())
                    .append(" drained job(s) failed:");
            for (JobRun r : failures) {
                sb.append("\n  ").append(r);
            }
            throw new AssertionFailedError(sb.toString(), failures.get(0).failure());
        }
        return this;
    }

    @Override
    public String toString() {
        return "DrainResult{processed=" + processed() + ", failed=" + failed() + ", runs=" + runs + "}";
    }
}
