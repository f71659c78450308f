package io.runlens.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** One request to the service, to check that a cell measures the answer it claims to (status, source, ETag). */
final class Probe {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Answer(int status, String etag, JsonNode body, int bytes) {}

    private Probe() {}

    static Answer get(String url, String token, String ifNoneMatch) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token);
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        try {
            HttpResponse<byte[]> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode body = answer.body().length == 0 ? null : JSON.readTree(answer.body());
            return new Answer(
                    answer.statusCode(), answer.headers().firstValue("ETag").orElse(null), body, answer.body().length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A details answer with Temporal's part in it, or the reason it is not what the benchmark needs. */
    static Answer fullDetails(String url, String token, long expectedEvents) {
        Answer answer = get(url, token, null);
        if (answer.status() != 200 || answer.body() == null) {
            throw new IllegalStateException(url + " answered " + answer.status() + ": " + answer.body());
        }
        String temporal = answer.body().path("sources").path("temporal").asText();
        if (!"ok".equals(temporal)) {
            throw new IllegalStateException(url + " has sources.temporal=" + temporal + ": "
                    + answer.body().path("sources"));
        }
        JsonNode length = answer.body().findValue("history_length");
        if (length == null || length.asLong() != expectedEvents) {
            throw new IllegalStateException(
                    url + " reports history_length " + length + ", Temporal holds " + expectedEvents);
        }
        if (answer.etag() == null) {
            throw new IllegalStateException(url + " sent no ETag");
        }
        return answer;
    }
}
