package io.runlens.auth;

/** The caller's credential names no organization: nothing can be looked up for it (403). */
public final class NoOrganizationException extends RuntimeException {

    public NoOrganizationException(String detail) {
        super(detail, null, false, false);
    }
}
