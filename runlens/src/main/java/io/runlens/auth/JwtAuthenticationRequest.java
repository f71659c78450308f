package io.runlens.auth;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A bearer JWT, from the Authorization header or the auth cookie. */
public class JwtAuthenticationRequest extends BaseAuthenticationRequest {

    private final String token;

    public JwtAuthenticationRequest(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }

    // Never print the token, whatever logs a request.
    @Override
    public String toString() {
        return "JwtAuthenticationRequest[" + token.length() + " characters]";
    }
}
