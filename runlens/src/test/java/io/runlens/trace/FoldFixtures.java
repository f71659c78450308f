package io.runlens.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runlens.payload.EncodedPayload;
import io.runlens.payload.PayloadDecoder;
import io.runlens.support.HistoryFixtures;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.history.v1.HistoryEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * What the fold tests share: a fold context of either kind, the recorded histories, and ways to find
 * events in them and to read their payloads and times independently of the code under test (plain
 * Jackson over the payload bytes, {@link Instant} from the proto timestamp), so that expected values
 * come from the recording and not from the fold.
 */
final class FoldFixtures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FoldFixtures() {}

    /** A details fold's context: keeps payloads, closed groups and the timeline. */
    static FoldContext forDetails() {
        return FoldContext.of(new PayloadDecoder(codecOnly()), true);
    }

    /** A stream fold's context: keeps neither payloads nor closed groups nor the timeline. */
    static FoldContext forStream() {
        return FoldContext.of(new PayloadDecoder(codecOnly()), false);
    }

    // Every recorded payload is json/plain, binary/plain or binary/null: none is for a codec server.
    private static Consumer<EncodedPayload> codecOnly() {
        return encoded -> {
            throw new AssertionError("no recorded payload needs a codec server: " + encoded);
        };
    }

    static List<HistoryEvent> events(String sdk, String file) {
        return HistoryFixtures.events(sdk, file);
    }

    /**
     * Feeds {@code fold} the events of {@code events} that are {@code its}, in order, as
     * {@link HistoryFolder} does: the timeline forgets the previous event's entry first.
     */
    static void feed(
            FoldContext context, List<HistoryEvent> events, Predicate<HistoryEvent> its, Consumer<HistoryEvent> fold) {
        for (HistoryEvent event : events) {
            if (its.test(event)) {
                context.timeline().next();
                fold.accept(event);
            }
        }
    }

    /** The events up to and including the one with {@code lastEventId}. */
    static List<HistoryEvent> upTo(List<HistoryEvent> events, long lastEventId) {
        return events.stream().filter(e -> e.getEventId() <= lastEventId).toList();
    }

    static List<HistoryEvent> all(List<HistoryEvent> events, Predicate<HistoryEvent> which) {
        return events.stream().filter(which).toList();
    }

    static HistoryEvent only(List<HistoryEvent> events, Predicate<HistoryEvent> which) {
        List<HistoryEvent> found = all(events, which);
        assertEquals(
                1,
                found.size(),
                "events found: "
                        + found.stream().map(HistoryEvent::getEventType).toList());
        return found.get(0);
    }

    static HistoryEvent first(List<HistoryEvent> events) {
        return events.get(0);
    }

    static HistoryEvent last(List<HistoryEvent> events) {
        return events.get(events.size() - 1);
    }

    /** The event's time, read from the proto timestamp. */
    static Instant time(HistoryEvent event) {
        return Instant.ofEpochSecond(
                event.getEventTime().getSeconds(), event.getEventTime().getNanos());
    }

    /** Milliseconds between two events' times, as a fractional number. */
    static double millisBetween(HistoryEvent from, HistoryEvent to) {
        return java.time.Duration.between(time(from), time(to)).toNanos() / 1e6;
    }

    /** A json/plain payload's data, parsed as JSON. */
    static JsonNode json(Payload payload) {
        assertEquals("json/plain", payload.getMetadataOrThrow("encoding").toStringUtf8());
        return json(payload.getData().toStringUtf8());
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The answers' form of an argument list of one non-object value: {@code {"value": v}}. */
    static ObjectNode wrapped(JsonNode value) {
        ObjectNode wrapped = JSON.createObjectNode();
        wrapped.set("value", value);
        return wrapped;
    }

    /** The answers' form of an argument list of several values: {@code {"args": [...]}}. */
    static ObjectNode args(List<Payload> payloads) {
        ObjectNode args = JSON.createObjectNode();
        ArrayNode values = args.putArray("args");
        payloads.forEach(p -> values.add(json(p)));
        return args;
    }

    /** The types of the timeline's entries, in order. */
    static List<String> types(List<TimelineEntry> entries) {
        List<String> types = new ArrayList<>(entries.size());
        entries.forEach(e -> types.add(e.get("type").asText()));
        return types;
    }

    /** The timeline entry made for the event {@code eventId}. */
    static TimelineEntry entryFor(FoldContext context, long eventId) {
        List<TimelineEntry> found = context.timeline().entries().stream()
                .filter(e -> e.get("event_id").asLong() == eventId)
                .toList();
        assertEquals(1, found.size(), "timeline entries of event " + eventId);
        return found.get(0);
    }
}
