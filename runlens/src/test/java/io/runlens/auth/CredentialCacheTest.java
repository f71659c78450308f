package io.runlens.auth;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.runlens.support.Management;
import io.runlens.support.TableReads;
import io.runlens.support.TestTokens;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The verified-credential caches over real HTTP: a JWT kept after its first request is refused at its
 * {@code exp} (plus the clock skew) like any other, a token refused for its {@code nbf} is accepted as
 * soon as the verifier accepts it, an API key revoked through this instance is refused on the very
 * next request, and N requests with one key read PostgreSQL's {@code api_key} table once, as
 * PostgreSQL's own counters show.
 */
@QuarkusTest
class CredentialCacheTest {

    private static final String TOKEN_HITS = "cache=\"runlens.verified-tokens\",result=\"hit\"";
    private static final String KEY_HITS = "cache=\"runlens.verified-api-keys\",result=\"hit\"";

    private final DataSource dataSource;

    CredentialCacheTest(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    private static long skew() {
        return ConfigProvider.getConfig()
                .getOptionalValue("mp.jwt.verify.clock.skew", Long.class)
                .orElse(60L);
    }

    private static long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }

    private static int status(String credential) {
        return given().auth()
                .oauth2(credential)
                .when()
                .get("/api/v1/executions")
                .statusCode();
    }

    private static void sleepUntilSecond(long epochSecond) throws InterruptedException {
        long wait = epochSecond * 1000 - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait + 50);
        }
    }

    private static double metric(String labels) {
        return Management.given()
                .when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString()
                .lines()
                .filter(line -> line.startsWith("cache_gets_total{") && line.contains(labels))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void aKeptTokenIsRefusedOnceItExpires() throws InterruptedException {
        String org = "org-" + UUID.randomUUID();
        long now = nowSeconds();
        // The verifier refuses it from exp + skew on: 3 s from now.
        long exp = now - skew() + 3;
        Map<String, Object> claims = TestTokens.validClaims(org);
        claims.put("iat", exp - 600);
        claims.put("exp", exp);
        String token = TestTokens.signed(claims);

        double hitsBefore = metric(TOKEN_HITS);
        assertEquals(200, status(token));
        assertEquals(200, status(token));
        assertEquals(hitsBefore + 1, metric(TOKEN_HITS), "the second request was served from the cache");

        sleepUntilSecond(exp + skew());
        assertEquals(401, status(token), "a kept token after its exp + skew");
        // The same claims in a token never seen (another jti) are refused too: the uncached path agrees.
        claims.put("jti", UUID.randomUUID().toString());
        assertEquals(401, status(TestTokens.signed(claims)));
    }

    @Test
    void aTokenNotYetValidIsRefusedUntilItsNotBeforeThenAccepted() throws InterruptedException {
        String org = "org-" + UUID.randomUUID();
        long now = nowSeconds();
        // The verifier accepts it from nbf - skew on: 3 s from now.
        long nbf = now + skew() + 3;
        Map<String, Object> claims = TestTokens.validClaims(org);
        claims.put("nbf", nbf);
        String token = TestTokens.signed(claims);

        assertEquals(401, status(token));
        assertEquals(401, status(token), "refused again, not from a kept verdict either way");

        sleepUntilSecond(nbf - skew());
        assertEquals(200, status(token), "refused after nbf - skew: a refusal was kept");
        double hitsBefore = metric(TOKEN_HITS);
        assertEquals(200, status(token));
        assertEquals(hitsBefore + 1, metric(TOKEN_HITS), "accepted once, then served from the cache");
    }

    private static JsonPath createKey(String org) {
        return given().auth()
                .oauth2(TestTokens.adminOf(org))
                .contentType(ContentType.JSON)
                .body(Map.of("name", "cached"))
                .when()
                .post("/api/v1/api-keys")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
    }

    @Test
    void aKeyRevokedHereIsRefusedOnTheVeryNextRequest() {
        String org = "org-" + UUID.randomUUID();
        JsonPath created = createKey(org);
        String key = created.getString("key");

        double hitsBefore = metric(KEY_HITS);
        assertEquals(200, status(key));
        assertEquals(200, status(key));
        assertEquals(hitsBefore + 1, metric(KEY_HITS), "the second request took the key from memory");

        given().auth()
                .oauth2(TestTokens.adminOf(org))
                .when()
                .delete("/api/v1/api-keys/{id}", created.getString("id"))
                .then()
                .statusCode(204);
        assertEquals(401, status(key), "a key revoked through this instance, on the next request");
    }

    /**
     * PostgreSQL's counters for {@code api_key}: N requests with one key make one lookup, plus the
     * write of its first use ({@code last_used_at}); without the cache, N lookups and that write.
     */
    @Test
    void nRequestsWithOneKeyReadPostgresOnce() {
        int n = 20;
        String key = createKey("org-" + UUID.randomUUID()).getString("key");
        TableReads.settle();
        TableReads.Counts reads = TableReads.during(dataSource, "api_key", () -> {
            for (int i = 0; i < n; i++) {
                assertEquals(200, status(key));
            }
        });
        long scans = reads.seqScans() + reads.indexScans();
        assertTrue(scans <= 2, n + " requests with one key scanned api_key " + scans + " times: " + reads);
    }
}
