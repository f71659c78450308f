package io.runlens.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.runlens.support.ExecutionRows;
import io.runlens.support.TestTokens;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Ids no execution can have: each is a 400 or 404 problem with a detail, never a 5xx. */
@QuarkusTest
class HostileIdTest {

    private final ExecutionRows rows;

    HostileIdTest(ExecutionRows rows) {
        this.rows = rows;
    }

    /** Raw (already percent-encoded) path segments, and the status each must get. */
    static Stream<Arguments> hostileIds() {
        return Stream.of(
                Arguments.of("SQL fragment", "%27%20OR%20%271%27%3D%271", 404),
                Arguments.of("SQL comment", "x%27%3B%20DROP%20TABLE%20execution%3B--", 404),
                Arguments.of("encoded path traversal", "..%2F..%2Fetc%2Fpasswd", 404),
                Arguments.of("NUL", "abc%00def", 400),
                Arguments.of("newline", "abc%0Adef", 400),
                Arguments.of("escape sequence", "%1B%5B31m", 400),
                Arguments.of("DEL", "abc%7F", 400),
                Arguments.of("blank", "%20%20", 400),
                Arguments.of("5,000 characters", "a".repeat(5000), 400),
                Arguments.of("1,001 bytes", "a".repeat(1001), 400),
                Arguments.of("1,000 bytes of multi-byte characters", "%C3%A9".repeat(500), 404),
                Arguments.of("invalid UTF-8", "%FF%FE%FD", 400),
                Arguments.of("lone continuation byte", "abc%80", 400),
                Arguments.of("unpaired surrogate as CESU-8", "%ED%A0%80", 400),
                Arguments.of("unicode workflow id", "%E5%B7%A5%E4%BD%9C%E6%B5%81-%E2%9C%93", 404),
                Arguments.of("almost a UUID", "1-1-1-1-1", 404),
                Arguments.of("JSON", "%7B%22%24ne%22%3Anull%7D", 404),
                Arguments.of("percent sign", "100%25", 404));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileIds")
    void aHostileIdIsAProblemWithADetail(String kind, String encodedId, int status) {
        rows.insert("org-hostile", Map.of());
        given().auth()
                .oauth2(TestTokens.forOrganization("org-hostile"))
                .urlEncodingEnabled(false)
                .when()
                .get("/api/v1/executions/" + encodedId)
                .then()
                .statusCode(status)
                .contentType(Problem.MEDIA_TYPE)
                .body("status", equalTo(status))
                .body("detail", not(emptyOrNullString()))
                .body("detail", not(anyOf(containsString("Exception"), containsString("at io."))));
    }

    @Test
    void anIdOfExactlyOneThousandBytesIsLookedUp() {
        String org = "org-" + UUID.randomUUID();
        String longId = "w".repeat(1000);
        UUID id = rows.insert(org, Map.of("temporal_workflow_id", longId));
        given().auth()
                .oauth2(TestTokens.forOrganization(org))
                .when()
                .get("/api/v1/executions/" + longId)
                .then()
                .statusCode(200)
                .body("id", is(id.toString()));
    }
}
