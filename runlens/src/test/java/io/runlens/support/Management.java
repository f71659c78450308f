package io.runlens.support;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Requests to the management interface (health and metrics), which listens on a port of its own:
 * in tests a free one that Quarkus records as {@code quarkus.management.test-port} once it is bound.
 */
public final class Management {

    private Management() {}

    /** A RestAssured request aimed at the running application's management port. */
    public static RequestSpecification given() {
        return RestAssured.given()
                .port(ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class));
    }

    /** The sum of the Prometheus samples of {@code name} whose labels contain {@code labels} (0 when none). */
    public static double metric(String name, String labels) {
        return given().when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString()
                .lines()
                .filter(line -> (line.startsWith(name + "{") || line.startsWith(name + " ")) && line.contains(labels))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
