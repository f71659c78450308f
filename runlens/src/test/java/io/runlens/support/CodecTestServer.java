package io.runlens.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodec;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A Temporal codec server for tests, on a free port: it "decrypts" payloads of encoding
 * {@code binary/xor} (each byte XOR 0x5A) back to {@code json/plain}. {@link #mode} makes it fail,
 * refuse or hang, for every namespace or ({@link #MODE_BY_NAMESPACE}) for one; every request's
 * {@code X-Namespace} and payload count is recorded.
 */
public class CodecTestServer implements QuarkusTestResourceLifecycleManager {

    public static final String ENCODING = "binary/xor";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** DECODE answers; FAIL is a 500; REFUSE a 400 (payloads of a key it does not hold); HANG never answers. */
    public enum Mode {
        DECODE,
        FAIL,
        REFUSE,
        HANG
    }

    public record Request(String namespace, String authorization, int payloads) {}

    public static volatile Mode mode = Mode.DECODE;
    /** A mode for one namespace's requests, over {@link #mode}. */
    public static final Map<String, Mode> MODE_BY_NAMESPACE = new java.util.concurrent.ConcurrentHashMap<>();

    public static final List<Request> REQUESTS = new CopyOnWriteArrayList<>();
    /** Requests left unanswered (HANG) whose caller has not yet given up on them, and the most there were at once. */
    public static final java.util.concurrent.atomic.AtomicInteger HANGING =
            new java.util.concurrent.atomic.AtomicInteger();

    public static final java.util.concurrent.atomic.AtomicInteger MOST_HANGING =
            new java.util.concurrent.atomic.AtomicInteger();

    private Vertx vertx;

    /** The client side: what a worker that encrypts its payloads would install. */
    public static final class XorCodec implements PayloadCodec {
        @Override
        public List<Payload> encode(List<Payload> payloads) {
            return payloads.stream()
                    .map(p -> Payload.newBuilder()
                            .putMetadata("encoding", ByteString.copyFromUtf8(ENCODING))
                            .setData(ByteString.copyFrom(xor(p.getData().toByteArray())))
                            .build())
                    .toList();
        }

        @Override
        public List<Payload> decode(List<Payload> payloads) {
            return payloads.stream()
                    .map(p -> Payload.newBuilder()
                            .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
                            .setData(ByteString.copyFrom(xor(p.getData().toByteArray())))
                            .build())
                    .toList();
        }
    }

    static byte[] xor(byte[] bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = (byte) (bytes[i] ^ 0x5A);
        }
        return out;
    }

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer()
                .requestHandler(request -> request.body().onSuccess(body -> {
                    if (!request.path().equals("/decode")
                            || !request.method().name().equals("POST")) {
                        request.response().setStatusCode(404).end();
                        return;
                    }
                    try {
                        JsonNode payloads = JSON.readTree(body.getBytes()).get("payloads");
                        REQUESTS.add(new Request(
                                request.getHeader("X-Namespace"), request.getHeader("Authorization"), payloads.size()));
                        String namespace = request.getHeader("X-Namespace");
                        switch (namespace == null ? mode : MODE_BY_NAMESPACE.getOrDefault(namespace, mode)) {
                            case FAIL -> request.response().setStatusCode(500).end("codec broke");
                            case REFUSE -> request.response().setStatusCode(400).end("unknown key id");
                            case HANG -> {
                                // Never answers; the caller gives up at its timeout and closes the connection.
                                MOST_HANGING.accumulateAndGet(HANGING.incrementAndGet(), Math::max);
                                request.connection().closeHandler(closed -> HANGING.decrementAndGet());
                            }
                            case DECODE -> {
                                ObjectNode answer = JSON.createObjectNode();
                                ArrayNode decoded = answer.putArray("payloads");
                                for (JsonNode payload : payloads) {
                                    String encoding = new String(
                                            Base64.getDecoder()
                                                    .decode(payload.at("/metadata/encoding")
                                                            .asText()),
                                            StandardCharsets.UTF_8);
                                    ObjectNode out = decoded.addObject();
                                    if (encoding.equals(ENCODING)) {
                                        out.putObject("metadata")
                                                .put(
                                                        "encoding",
                                                        Base64.getEncoder()
                                                                .encodeToString(
                                                                        "json/plain".getBytes(StandardCharsets.UTF_8)));
                                        out.put(
                                                "data",
                                                Base64.getEncoder()
                                                        .encodeToString(xor(Base64.getDecoder()
                                                                .decode(payload.get("data")
                                                                        .asText()))));
                                    } else {
                                        out.setAll((ObjectNode) payload);
                                    }
                                }
                                request.response()
                                        .putHeader("Content-Type", "application/json")
                                        .end(answer.toString());
                            }
                        }
                    } catch (Exception e) {
                        request.response().setStatusCode(400).end(e.toString());
                    }
                }));
        try {
            server.listen(0, "127.0.0.1")
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return Map.of(
                "runlens.codec.url",
                "http://127.0.0.1:" + server.actualPort(),
                "runlens.codec.authorization",
                "Bearer codec-secret",
                "runlens.codec.timeout",
                "1s");
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }
}
