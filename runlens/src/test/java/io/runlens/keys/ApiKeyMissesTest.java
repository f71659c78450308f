package io.runlens.keys;

import static io.restassured.RestAssured.given;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Keys PostgreSQL did not know are remembered for a while ({@link ApiKeys}), but never in the way of
 * a key created since: creating a key forgets its hash. Nobody can send a key before it exists, except
 * here, where the test chooses the key instead of drawing it.
 */
@QuarkusTest
class ApiKeyMissesTest {

    private final ApiKeys keys;

    ApiKeyMissesTest(ApiKeys keys) {
        this.keys = keys;
    }

    @Test
    void aKeyRefusedBeforeItExistedWorksAsSoonAsItIsCreated() throws Throwable {
        String organization = "org-" + UUID.randomUUID();
        String key = ApiKeys.PREFIX + "chosen" + UUID.randomUUID().toString().replace("-", "");
        given().auth().oauth2(key).when().get("/api/v1/executions").then().statusCode(401);
        given().auth().oauth2(key).when().get("/api/v1/executions").then().statusCode(401);

        VertxContextSupport.subscribeAndAwait(() -> keys.create(organization, "chosen", "test", key));

        given().auth().oauth2(key).when().get("/api/v1/executions").then().statusCode(200);
    }
}
