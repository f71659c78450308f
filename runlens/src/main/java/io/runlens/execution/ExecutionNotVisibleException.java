package io.runlens.execution;

/**
 * The caller's organization has no execution by that id. {@code elsewhere} is true only when the
 * service is configured to say so (403) and the id belongs to another organization.
 */
public class ExecutionNotVisibleException extends RuntimeException {

    private final boolean elsewhere;

    public ExecutionNotVisibleException(String id, boolean elsewhere) {
        super(id, null, false, false);
        this.elsewhere = elsewhere;
    }

    public boolean elsewhere() {
        return elsewhere;
    }
}
