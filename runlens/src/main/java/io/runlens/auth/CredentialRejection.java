package io.runlens.auth;

import io.quarkus.security.AuthenticationFailedException;
import java.util.Map;

/**
 * A credential refused for how it was sent (two Authorization headers, a key in the cookie...): an
 * authentication failure (401) that carries what the caller is told, naming the rule and never
 * containing the credential.
 */
public final class CredentialRejection {

    /** Attribute of the failure that holds the detail for the caller. */
    public static final String DETAIL = "runlens.credential-rejected";

    private CredentialRejection() {}

    public static AuthenticationFailedException because(String detail) {
        return new AuthenticationFailedException(detail, Map.of(DETAIL, detail));
    }

    /** The detail for the caller, if {@code failure} is such a rejection. */
    public static String detailOf(AuthenticationFailedException failure) {
        return failure.getAttribute(DETAIL) instanceof String detail ? detail : null;
    }
}
