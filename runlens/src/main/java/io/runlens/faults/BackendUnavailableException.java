package io.runlens.faults;

/** A backend that must answer (PostgreSQL) could not, in time or at all: the API answers 503 with Retry-After. */
public final class BackendUnavailableException extends RuntimeException {

    /** The Retry-After of an outage with no better estimate (a breaker's delay is one): soon, but not at once. */
    public static final long RETRY_SOON_SECONDS = 5;

    private final long retryAfterSeconds;

    public BackendUnavailableException(String detail, long retryAfterSeconds, Throwable cause) {
        super(detail, cause, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
