package io.runlens.faults;

import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.runlens.support.Management;
import io.runlens.support.SilentTemporal;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With runlens.health.temporal-affects-readiness=false, a silent Temporal is reported but the service stays ready. */
@QuarkusTest
@TestProfile(TemporalDownStaysReadyTest.StayReady.class)
@QuarkusTestResource(value = SilentTemporal.class, restrictToAnnotatedClass = true)
class TemporalDownStaysReadyTest {

    public static class StayReady implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("runlens.health.temporal-affects-readiness", "false");
        }
    }

    @Test
    void readinessReportsTemporalButStaysUp() {
        Management.given()
                .when()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'Temporal frontend' }.data.reachable", equalTo(false))
                .body("checks.find { it.name == 'Temporal frontend' }.data.affects_readiness", equalTo(false));
    }
}
