package io.runlens.runs;

/**
 * The execution is visible but has no such run to show: the run id names no run of its chain (unknown,
 * or a run of a reused workflow id, possibly another organization's), or Temporal has no run of it
 * at all. Answered 404, exactly as an unknown run.
 */
public final class NoSuchRunException extends RuntimeException {

    public NoSuchRunException(String detail) {
        super(detail, null, false, false);
    }

    /** The answer for a run id that is not one of the execution's runs, whatever it is instead. */
    public static NoSuchRunException of(String runId) {
        return new NoSuchRunException("the execution has no run " + runId);
    }
}
