package io.runlens.keys;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.runlens.api.Problem;
import io.runlens.support.ExecutionRows;
import io.runlens.support.TestTokens;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** API keys for machine clients: created by admins, shown once, stored as a hash, scoped, revocable. */
@QuarkusTest
class ApiKeyTest {

    private final ExecutionRows rows;
    private final DataSource dataSource;

    ApiKeyTest(ExecutionRows rows, DataSource dataSource) {
        this.rows = rows;
        this.dataSource = dataSource;
    }

    private static JsonPath create(String org, String name) {
        return given().auth()
                .oauth2(TestTokens.adminOf(org))
                .contentType(ContentType.JSON)
                .body(Map.of("name", name))
                .when()
                .post("/api/v1/api-keys")
                .then()
                .statusCode(201)
                .header("Location", containsString("/api/v1/api-keys/"))
                .extract()
                .jsonPath();
    }

    /** Every column of the key's row, as text. */
    private List<String> storedColumns(String id) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("select * from api_key where id = ?::uuid")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                assertTrue(row.next());
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= row.getMetaData().getColumnCount(); i++) {
                    values.add(String.valueOf(row.getObject(i)));
                }
                return values;
            }
        }
    }

    @Test
    void aKeyIsShownOnceStoredAsAHashUsedForItsOrganizationAndRevoked() throws Exception {
        String org = "org-" + UUID.randomUUID();
        UUID mine = rows.insert(org, Map.of("workflow_id", "etl"));
        UUID theirs = rows.insert("org-" + UUID.randomUUID(), Map.of("workflow_id", "etl"));

        JsonPath created = create(org, "nightly exporter");
        String key = created.getString("key");
        String id = created.getString("id");
        assertTrue(key.startsWith(ApiKeys.PREFIX) && key.length() >= 40, key);
        assertEquals(org, created.getString("organization_id"));
        assertEquals(key.substring(0, 10), created.getString("key_prefix"));

        List<String> stored = storedColumns(id);
        assertFalse(stored.stream().anyMatch(value -> value.contains(key)), "the key itself is stored");
        assertTrue(stored.contains(ApiKeys.hash(key)), "the key's SHA-256 is stored");

        given().auth()
                .oauth2(key)
                .when()
                .get("/api/v1/executions/{id}", mine)
                .then()
                .statusCode(200)
                .body("id", equalTo(mine.toString()));
        given().auth()
                .oauth2(key)
                .when()
                .get("/api/v1/executions")
                .then()
                .statusCode(200)
                .body("items.id", equalTo(List.of(mine.toString())));
        given().auth()
                .oauth2(key)
                .when()
                .get("/api/v1/executions/{id}", theirs)
                .then()
                .statusCode(404);

        given().auth()
                .oauth2(TestTokens.adminOf(org))
                .when()
                .get("/api/v1/api-keys")
                .then()
                .statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].id", equalTo(id))
                .body("[0].name", equalTo("nightly exporter"))
                .body("[0].last_used_at", notNullValue())
                .body("[0].revoked_at", equalTo(null))
                .body("[0].created_by", equalTo("admin-1"))
                .body("[0]", not(hasKey("key")));

        given().auth()
                .oauth2(TestTokens.adminOf(org))
                .when()
                .delete("/api/v1/api-keys/{id}", id)
                .then()
                .statusCode(204);
        given().auth()
                .oauth2(TestTokens.adminOf(org))
                .when()
                .delete("/api/v1/api-keys/{id}", id)
                .then()
                .statusCode(204);
        given().auth()
                .oauth2(key)
                .when()
                .get("/api/v1/executions/{id}", mine)
                .then()
                .statusCode(401)
                .contentType(Problem.MEDIA_TYPE)
                .body(
                        "detail",
                        equalTo(
                                "the bearer token is invalid, expired, revoked, or not signed by the configured issuer"));
        given().auth()
                .oauth2(TestTokens.adminOf(org))
                .when()
                .get("/api/v1/api-keys")
                .then()
                .statusCode(200)
                .body("[0].revoked_at", notNullValue());
    }

    @Test
    void unknownAndTamperedKeysAreUnauthorized() {
        String key = create("org-" + UUID.randomUUID(), "ci").getString("key");
        String tampered = key.substring(0, key.length() - 1) + (key.endsWith("A") ? "B" : "A");
        for (String bad : List.of(tampered, ApiKeys.PREFIX + "unknown", ApiKeys.PREFIX)) {
            given().header("Authorization", "Bearer " + bad)
                    .when()
                    .get("/api/v1/executions")
                    .then()
                    .statusCode(401)
                    .contentType(Problem.MEDIA_TYPE);
        }
    }

    @Test
    void onlyAdminsManageKeysAndAKeyIsNeverAnAdmin() {
        String org = "org-" + UUID.randomUUID();
        String key = create(org, "robot").getString("key");
        given().auth()
                .oauth2(TestTokens.forOrganization(org))
                .when()
                .get("/api/v1/api-keys")
                .then()
                .statusCode(403)
                .contentType(Problem.MEDIA_TYPE)
                .body(
                        "detail",
                        equalTo("this endpoint needs the role 'runlens-admin' (runlens.auth.admin-role) in the bearer"
                                + " token's groups claim; API keys never hold it"));
        given().auth()
                .oauth2(key)
                .when()
                .get("/api/v1/api-keys")
                .then()
                .statusCode(403)
                .body("detail", containsString("'runlens-admin'"));
        given().auth()
                .oauth2(key)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "escalate"))
                .when()
                .post("/api/v1/api-keys")
                .then()
                .statusCode(403);
        given().when().get("/api/v1/api-keys").then().statusCode(401).contentType(Problem.MEDIA_TYPE);
    }

    @Test
    void anotherOrganizationsKeysAreInvisibleAndCannotBeRevoked() {
        String owner = "org-" + UUID.randomUUID();
        String id = create(owner, "owner's key").getString("id");
        String other = "org-" + UUID.randomUUID();
        given().auth()
                .oauth2(TestTokens.adminOf(other))
                .when()
                .get("/api/v1/api-keys")
                .then()
                .statusCode(200)
                .body("size()", equalTo(0));
        given().auth()
                .oauth2(TestTokens.adminOf(other))
                .when()
                .delete("/api/v1/api-keys/{id}", id)
                .then()
                .statusCode(404)
                .contentType(Problem.MEDIA_TYPE);
    }

    @Test
    void badRequestsAreRejectedWithADetail() {
        String admin = TestTokens.adminOf("org-" + UUID.randomUUID());
        for (Object body : List.of(
                Map.of("name", ""),
                Map.of("name", "   "),
                Map.of("name", "x".repeat(101)),
                Map.of("name", "tab\there"),
                Map.of("other", "field"))) {
            given().auth()
                    .oauth2(admin)
                    .contentType(ContentType.JSON)
                    .body(body)
                    .when()
                    .post("/api/v1/api-keys")
                    .then()
                    .statusCode(400)
                    .contentType(Problem.MEDIA_TYPE)
                    .body("detail", equalTo("name must be 1 to 100 characters without control characters"));
        }
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body("{not json")
                .when()
                .post("/api/v1/api-keys")
                .then()
                .statusCode(400)
                .contentType(Problem.MEDIA_TYPE);
        given().auth()
                .oauth2(admin)
                .when()
                .delete("/api/v1/api-keys/not-a-uuid")
                .then()
                .statusCode(400)
                .body("detail", equalTo("id must be an API key id (a UUID)"));
    }
}
