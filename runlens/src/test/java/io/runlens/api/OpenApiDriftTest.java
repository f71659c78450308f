package io.runlens.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/openapi.yaml} is the document the code serves, byte for byte, so a change to the API
 * shows in review as a change to that file and a dashboard team can read the contract without
 * running the service. When this fails, read {@code runlens/target/openapi.yaml} (written by this
 * test), and if the change is meant, copy it over {@code docs/openapi.yaml}.
 */
@QuarkusTest
class OpenApiDriftTest {

    static final Path MODULE = Path.of(System.getProperty("basedir", "."));
    static final Path COMMITTED = MODULE.resolve("../docs/openapi.yaml");
    static final Path SERVED = MODULE.resolve("target/openapi.yaml");

    @Test
    void theCommittedDocumentIsTheOneTheCodeServes() throws IOException {
        String served = given().queryParam("format", "yaml")
                .when()
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        Files.createDirectories(SERVED.getParent());
        Files.writeString(SERVED, served);
        String committed = Files.exists(COMMITTED) ? Files.readString(COMMITTED) : "";
        assertEquals(
                committed,
                served,
                "docs/openapi.yaml differs from the document the code serves;"
                        + " if the change is meant: cp runlens/target/openapi.yaml docs/openapi.yaml");
    }
}
