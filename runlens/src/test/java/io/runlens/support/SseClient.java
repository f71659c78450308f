package io.runlens.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A Server-Sent Events client over a real HTTP connection (java.net.http), parsing the stream as
 * EventSource does (event, id, data fields; comments; a blank line ends an event) on a thread of
 * its own. {@link #close()} drops the connection, as a browser tab that goes away.
 */
public final class SseClient implements AutoCloseable {

    /** One event; a comment line is an event named {@link #COMMENT} with the comment as data. */
    public record Event(String name, String id, String data) {
        public long eventId() {
            return Long.parseLong(id);
        }
    }

    public static final String COMMENT = ":comment";
    private static final Event END_OF_STREAM = new Event(":eof", null, null);

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final String errorBody;
    private volatile boolean ended;

    private SseClient(HttpResponse<InputStream> response) throws IOException {
        this.response = response;
        boolean stream = response.statusCode() == 200
                && response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream");
        if (!stream) {
            try (InputStream body = response.body()) {
                errorBody = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            }
            return;
        }
        errorBody = null;
        Thread reader = new Thread(this::read, "sse-client");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens {@code uri} with {@code headers} (e.g. Authorization, Last-Event-ID); returns once the response head arrived. */
    public static SseClient open(URI uri, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("Accept", "text/event-stream")
                .timeout(Duration.ofMinutes(2))
                .GET();
        headers.forEach(request::header);
        try {
            return new SseClient(HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .build()
                    .send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int status() {
        return response.statusCode();
    }

    public String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** The body of a response that is not an event stream (a problem). */
    public String errorBody() {
        return errorBody;
    }

    /** The next event or comment, failing when none comes within {@code timeout} or the stream ended. */
    public Event next(Duration timeout) {
        if (errorBody != null) {
            throw new AssertionError("not an event stream: " + status() + " " + errorBody);
        }
        try {
            Event event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (event == null) {
                throw new AssertionError("no event within " + timeout);
            }
            if (event == END_OF_STREAM) {
                events.add(END_OF_STREAM);
                throw new AssertionError("the stream ended");
            }
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Events (not comments) up to and including the first that matches, each within {@code timeout} of the previous. */
    public List<Event> until(Predicate<Event> last, Duration timeout) {
        List<Event> received = new ArrayList<>();
        while (true) {
            Event event = next(timeout);
            if (event.name().equals(COMMENT)) {
                continue;
            }
            received.add(event);
            if (last.test(event)) {
                return received;
            }
        }
    }

    /** Whether the server ended the stream within {@code timeout}, with no further event before the end. */
    public boolean endsWithin(Duration timeout) {
        try {
            Event event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            while (event != null && event.name().equals(COMMENT)) {
                event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            if (event != null && event != END_OF_STREAM) {
                throw new AssertionError("expected the end of the stream, got " + event);
            }
            return event == END_OF_STREAM;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void read() {
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String name = null;
            String id = null;
            StringBuilder data = null;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (data != null || name != null) {
                        events.add(new Event(name == null ? "message" : name, id, data == null ? "" : data.toString()));
                    }
                    name = null;
                    id = null;
                    data = null;
                    continue;
                }
                if (line.startsWith(":")) {
                    events.add(new Event(COMMENT, null, line.substring(1).strip()));
                    continue;
                }
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1);
                if (value.startsWith(" ")) {
                    value = value.substring(1);
                }
                switch (field) {
                    case "event" -> name = value;
                    case "id" -> id = value;
                    case "data" ->
                        data = data == null
                                ? new StringBuilder(value)
                                : data.append('\n').append(value);
                    default -> {
                        // retry and unknown fields are not used by these tests
                    }
                }
            }
        } catch (IOException e) {
            // closed by close(), or the connection dropped: either way the stream is over
        } finally {
            ended = true;
            events.add(END_OF_STREAM);
        }
    }

    public boolean ended() {
        return ended;
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            // already closed
        }
    }
}
