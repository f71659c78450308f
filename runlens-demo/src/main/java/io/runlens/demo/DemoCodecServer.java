package io.runlens.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runlens.payload.PayloadJsonCodec;
import io.temporal.api.common.v1.Payload;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The demo platform's codec server, on its own port as a real one would be: Temporal's remote codec
 * protocol ({@code POST /decode}, {@code {"payloads": [...]}}) over {@link DemoCipher}. Runlens reaches
 * it through {@code runlens.codec.url} like any codec server.
 */
final class DemoCodecServer {

    private static final Logger LOG = Logger.getLogger(DemoCodecServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;

    private DemoCodecServer(HttpServer server) {
        this.server = server;
    }

    static DemoCodecServer start(Vertx vertx, int port, DemoCipher cipher) {
        HttpServer server = vertx.createHttpServer()
                .requestHandler(request -> request.body().onComplete(body -> {
                    if (!"/decode".equals(request.path())
                            || !"POST".equals(request.method().name())
                            || body.failed()) {
                        request.response().setStatusCode(404).end();
                        return;
                    }
                    try {
                        JsonNode payloads =
                                JSON.readTree(body.result().getBytes()).get("payloads");
                        List<Payload> sealed = new ArrayList<>();
                        payloads.forEach(payload -> sealed.add(PayloadJsonCodec.fromJson(payload)));
                        ObjectNode answer = JSON.createObjectNode();
                        ArrayNode opened = answer.putArray("payloads");
                        cipher.decode(sealed).forEach(payload -> opened.add(PayloadJsonCodec.toJson(payload)));
                        request.response()
                                .putHeader("Content-Type", "application/json")
                                .end(answer.toString());
                    } catch (Exception e) {
                        request.response()
                                .setStatusCode(400)
                                .end("cannot decode: " + e.getClass().getSimpleName());
                    }
                }));
        try {
            server.listen(port, "127.0.0.1")
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the demo codec server cannot listen on port " + port, e);
        }
        LOG.infof("Demo codec server on http://127.0.0.1:%d (POST /decode)", server.actualPort());
        return new DemoCodecServer(server);
    }

    void stop() {
        server.close();
    }
}
