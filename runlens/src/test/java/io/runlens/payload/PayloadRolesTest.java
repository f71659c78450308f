package io.runlens.payload;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.runlens.support.ExecutionRows;
import io.runlens.support.TemporalTestService;
import io.runlens.support.TemporalTestService.InjectTemporal;
import io.runlens.support.TestTokens;
import io.temporal.client.WorkflowClient;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Payloads only for the roles configured to see them, and never for a listed organization. */
@QuarkusTest
@TestProfile(PayloadRolesTest.OnlyReaders.class)
@QuarkusTestResource(value = TemporalTestService.class, restrictToAnnotatedClass = true)
class PayloadRolesTest {

    public static class OnlyReaders implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("runlens.payloads.roles", "payload-reader");
        }
    }

    @InjectTemporal
    WorkflowClient temporal;

    private final ExecutionRows rows;

    PayloadRolesTest(ExecutionRows rows) {
        this.rows = rows;
    }

    @Test
    void onlyAPayloadReaderSeesPayloadsAndOthersGetTheSameAnswerWithoutThem() throws Exception {
        PayloadPolicyTest.Fixture f = PayloadPolicyTest.echoedSecrets(temporal, rows);
        for (String path : f.paths()) {
            String plain = given().auth()
                    .oauth2(TestTokens.forOrganization(f.org()))
                    .when()
                    .get(path)
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            assertFalse(
                    plain.contains(PayloadPolicyTest.VISIBLE), path + " showed a payload to a caller without the role");

            String reader = given().auth()
                    .oauth2(TestTokens.withRoles(f.org(), "payload-reader"))
                    .when()
                    .get(path)
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            assertTrue(reader.contains(PayloadPolicyTest.VISIBLE), path + " hid payloads from a payload reader");
            assertFalse(reader.contains(PayloadPolicyTest.SECRET), path + " leaked a secret");

            String optedOut = given().auth()
                    .oauth2(TestTokens.withRoles(f.org(), "payload-reader"))
                    .queryParam("include_payloads", "false")
                    .when()
                    .get(path)
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            assertFalse(optedOut.contains(PayloadPolicyTest.VISIBLE), path + " ignored include_payloads=false");
        }
    }
}
