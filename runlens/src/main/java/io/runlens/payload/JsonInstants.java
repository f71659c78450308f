package io.runlens.payload;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.Instant;

/**
 * Writes instants as answers show them, {@code 2026-12-02T17:05:41.123Z}: exactly what
 * {@link Instant#toString()} (Jackson's {@code InstantSerializer}) and protobuf's
 * {@code Timestamps.toString} write, seconds always, then the fraction in groups of three digits as
 * far as it goes. An answer has several per history event; {@code DateTimeFormatter} made a builder,
 * a print context and two strings for each, and this makes one small array. Years outside 0 to 9999
 * (which no history holds) are left to {@link Instant#toString()}.
 */
public final class JsonInstants {

    private static final long SECONDS_PER_DAY = 86_400;
    /** 0000-01-01 and 10000-01-01, in seconds since the epoch. */
    private static final long FIRST = -62_167_219_200L;

    private static final long END = 253_402_300_800L;

    private JsonInstants() {}

    /** {@code instant} as a JSON string. */
    public static void write(JsonGenerator out, Instant instant) throws IOException {
        write(out, instant.getEpochSecond(), instant.getNano());
    }

    /** The instant {@code epochSecond} and {@code nanos} (0 to 999,999,999) as a JSON string. */
    public static void write(JsonGenerator out, long epochSecond, int nanos) throws IOException {
        if (epochSecond < FIRST || epochSecond >= END) {
            out.writeString(Instant.ofEpochSecond(epochSecond, nanos).toString());
            return;
        }
        char[] text = new char[30];
        int length = format(epochSecond, nanos, text);
        out.writeString(text, 0, length);
    }

    /** As {@link #write(JsonGenerator, long, int)}, as text. */
    public static String text(long epochSecond, int nanos) {
        if (epochSecond < FIRST || epochSecond >= END) {
            return Instant.ofEpochSecond(epochSecond, nanos).toString();
        }
        char[] text = new char[30];
        return new String(text, 0, format(epochSecond, nanos, text));
    }

    // The civil date of a day count: Howard Hinnant's days_from_civil, inverted (public domain algorithm).
    private static int format(long epochSecond, int nanos, char[] text) {
        long day = Math.floorDiv(epochSecond, SECONDS_PER_DAY);
        int secondOfDay = (int) Math.floorMod(epochSecond, SECONDS_PER_DAY);
        long shifted = day + 719_468;
        long era = Math.floorDiv(shifted, 146_097);
        long dayOfEra = shifted - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long monthIndex = (5 * dayOfYear + 2) / 153;
        int dayOfMonth = (int) (dayOfYear - (153 * monthIndex + 2) / 5 + 1);
        int month = (int) (monthIndex < 10 ? monthIndex + 3 : monthIndex - 9);
        int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
        digits(text, 0, year, 4);
        text[4] = '-';
        digits(text, 5, month, 2);
        text[7] = '-';
        digits(text, 8, dayOfMonth, 2);
        text[10] = 'T';
        digits(text, 11, secondOfDay / 3_600, 2);
        text[13] = ':';
        digits(text, 14, secondOfDay / 60 % 60, 2);
        text[16] = ':';
        digits(text, 17, secondOfDay % 60, 2);
        int at = 19;
        if (nanos != 0) {
            text[at++] = '.';
            if (nanos % 1_000_000 == 0) {
                digits(text, at, nanos / 1_000_000, 3);
                at += 3;
            } else if (nanos % 1_000 == 0) {
                digits(text, at, nanos / 1_000, 6);
                at += 6;
            } else {
                digits(text, at, nanos, 9);
                at += 9;
            }
        }
        text[at++] = 'Z';
        return at;
    }

    private static void digits(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** Jackson's writer of {@link Instant}, for the application's ObjectMapper. */
    public static final class Serializer extends StdSerializer<Instant> {

        private static final long serialVersionUID = 1L;

        public Serializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator out, SerializerProvider provider) throws IOException {
            write(out, value);
        }
    }
}
