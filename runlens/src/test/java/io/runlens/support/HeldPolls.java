package io.runlens.support;

import static io.restassured.RestAssured.given;

import io.restassured.RestAssured;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Blocking conditional GETs as a dashboard sends them: the current ETag, then a request held on it. */
public final class HeldPolls {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private HeldPolls() {}

    /** The ETag of {@code path} once two reads in a row agree (a run's first workflow task may still be completing). */
    public static String settledTag(String token, String path) {
        String[] tag = {null};
        Waits.await()
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(150))
                .until(() -> {
                    String now = given().auth()
                            .oauth2(token)
                            .when()
                            .get(path)
                            .then()
                            .statusCode(200)
                            .extract()
                            .header("ETag");
                    boolean same = now.equals(tag[0]);
                    tag[0] = now;
                    return same;
                });
        return tag[0];
    }

    /**
     * {@code GET path} with {@code If-None-Match: etag} and, when {@code header} is not null, that header
     * (e.g. {@code Prefer: wait=30}), sent without waiting for the answer.
     */
    public static CompletableFuture<HttpResponse<String>> held(
            String token, String path, String etag, String header, String value) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + path))
                .header("Authorization", "Bearer " + token)
                .header("If-None-Match", etag)
                .timeout(Duration.ofSeconds(60));
        if (header != null) {
            request.header(header, value);
        }
        return HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
