package io.runlens.payload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** {@link JsonInstants} writes what Instant.toString, Jackson's InstantSerializer and protobuf's Timestamps write. */
class JsonInstantsTest {

    private static final JsonFactory JSON = new JsonFactory();
    /** Protobuf's Timestamp range: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z. */
    private static final long PROTO_FIRST = -62_135_596_800L;

    private static final long PROTO_LAST = 253_402_300_799L;

    @Property(tries = 3000)
    void writesWhatInstantAndTimestampsWrite(
            @ForAll @LongRange(min = PROTO_FIRST, max = PROTO_LAST) long seconds,
            @ForAll @IntRange(min = 0, max = 999_999_999) int anyNanos,
            @ForAll @IntRange(min = 0, max = 3) int precision)
            throws IOException {
        // Whole seconds, milliseconds and microseconds each take their own branch.
        int nanos = switch (precision) {
            case 0 -> 0;
            case 1 -> anyNanos / 1_000_000 * 1_000_000;
            case 2 -> anyNanos / 1_000 * 1_000;
            default -> anyNanos;
        };
        String instant = Instant.ofEpochSecond(seconds, nanos).toString();
        assertEquals(quoted(instant), written(seconds, nanos));
        assertEquals(instant, JsonInstants.text(seconds, nanos));
        assertEquals(
                instant,
                Timestamps.toString(Timestamp.newBuilder()
                        .setSeconds(seconds)
                        .setNanos(nanos)
                        .build()));
    }

    @Test
    void edgesOfTheCalendar() throws IOException {
        for (String text : List.of(
                "0000-01-01T00:00:00Z",
                "0000-02-29T23:59:59.999999999Z",
                "1600-02-29T12:00:00.100Z",
                "1899-12-31T23:59:59Z",
                "1900-03-01T00:00:00.000001Z",
                "1969-12-31T23:59:59.999Z",
                "1970-01-01T00:00:00Z",
                "2000-02-29T00:00:00.010Z",
                "2026-12-02T17:05:41.123456789Z",
                "9999-12-31T23:59:59.999999999Z")) {
            Instant instant = Instant.parse(text);
            assertEquals(quoted(text), written(instant.getEpochSecond(), instant.getNano()), text);
        }
    }

    @Test
    void yearsBeyondFourDigitsAreLeftToInstant() throws IOException {
        for (Instant instant :
                List.of(Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-12-31T23:59:59Z"), Instant.MAX)) {
            assertEquals(quoted(instant.toString()), written(instant.getEpochSecond(), instant.getNano()));
        }
    }

    @Test
    void replacesJacksonsInstantSerializerWithTheSameText() throws IOException {
        ObjectMapper jackson = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        ObjectMapper ours = jackson.copy()
                .registerModule(new SimpleModule().addSerializer(Instant.class, new JsonInstants.Serializer()));
        for (Instant instant :
                List.of(Instant.EPOCH, Instant.parse("2026-12-02T17:05:41.120Z"), Instant.ofEpochSecond(1, 7))) {
            assertEquals(jackson.writeValueAsString(List.of(instant)), ours.writeValueAsString(List.of(instant)));
        }
    }

    private static String written(long seconds, int nanos) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator out = JSON.createGenerator(text)) {
            JsonInstants.write(out, seconds, nanos);
        }
        return text.toString();
    }

    private static String quoted(String text) {
        return '"' + text + '"';
    }
}
