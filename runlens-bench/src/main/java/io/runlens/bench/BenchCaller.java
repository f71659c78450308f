package io.runlens.bench;

import io.runlens.support.TestTokens;
import java.util.List;
import java.util.UUID;

/**
 * Who a run's requests come from: an organization of its own, the one its executions are written for,
 * and a token of that organization. The token is signed with the tests' key; {@link ServiceConfig} points
 * the service at the public half, so the benchmark and the soak need no identity provider.
 */
record BenchCaller(String organization, String token) {

    /** A new organization named {@code prefix-<uuid>} and its token; sets the signing key first. */
    static BenchCaller fresh(String prefix) {
        // TestTokens signs with the tests' key (a classpath resource); the service trusts its public half.
        System.setProperty("smallrye.jwt.sign.key.location", "jwt/private-key.pem");
        String organization = prefix + "-" + UUID.randomUUID();
        return new BenchCaller(organization, TestTokens.forOrganization(organization));
    }

    /** The header wrk sends with every request. */
    List<String> authorization() {
        return List.of("Authorization: Bearer " + token);
    }
}
