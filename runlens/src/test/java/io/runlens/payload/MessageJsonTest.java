package io.runlens.payload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import io.runlens.support.HistoryFixtures;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowExecutionSignaledEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionStartedEventAttributes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The streaming writer of event attributes writes, byte for byte, what the old way wrote: protobuf's
 * printer, Jackson's parser, payload objects replaced in the tree, then the policy (codec results in
 * place of markers, sensitive keys redacted) on the tree. Held to it over every event of every
 * recorded history of both SDKs, and over messages built to reach what the recordings do not
 * (every scalar type, maps, unknown enum values, codec payloads under a redacted key).
 */
class MessageJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Redactor OFF = new Redactor(List.of(), "");
    /** Keys that occur in the recordings at every level: proto field names, payload keys, map keys. */
    private static final Redactor ON = new Redactor(
            List.of("identity", "input", "encoding", "message", "details", "header", "secret"), "[redacted]");

    static Stream<String> histories() throws IOException {
        List<String> files = new ArrayList<>();
        for (String sdk : HistoryFixtures.SDKS) {
            try (Stream<Path> listed = Files.list(HistoryFixtures.HISTORIES.resolve(sdk))) {
                listed.map(path -> path.getFileName().toString())
                        .filter(name -> name.endsWith(".json") && !name.endsWith(".describe.json"))
                        .sorted()
                        .forEach(name -> files.add(sdk + "/" + name));
            }
        }
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("histories")
    void everyRecordedEventIsWrittenAsTheOldWayWroteIt(String history) throws IOException {
        String[] parts = history.split("/");
        int compared = 0;
        for (HistoryEvent event : HistoryFixtures.events(parts[0], parts[1])) {
            Message attributes = attributesOf(event);
            for (Redactor redactor : List.of(OFF, ON)) {
                assertSame(attributes, redactor, "event " + event.getEventId() + " of " + history);
            }
            compared++;
        }
        assertTrue(compared > 3, history + " has events");
    }

    @Test
    void codecPayloadsTakeTheirDecodedValuesInOrderEvenUnderARedactedKey() throws IOException {
        Payload encrypted1 = encoded("binary/encrypted", "one");
        Payload encrypted2 = encoded("binary/encrypted", "two");
        Payload encrypted3 = encoded("binary/zstd", "three");
        WorkflowExecutionStartedEventAttributes started = WorkflowExecutionStartedEventAttributes.newBuilder()
                .setInput(Payloads.newBuilder().addPayloads(encrypted1).addPayloads(json("{\"secret\":1}")))
                .setHeader(io.temporal.api.common.v1.Header.newBuilder()
                        .putFields("secretHeader", encrypted2)
                        .putFields("trace", json("\"t\"")))
                .setMemo(io.temporal.api.common.v1.Memo.newBuilder().putFields("note", encrypted3))
                .setIdentity("worker-1")
                .build();
        for (Redactor redactor : List.of(OFF, ON)) {
            assertSame(started, redactor, "codec payloads");
        }
        // And what is written: the codec's answer for each, in its place.
        List<EncodedPayload> collected = new ArrayList<>();
        MessageJson written = MessageJson.of(started, new PayloadDecoder(collected::add));
        Map<JsonNode, JsonNode> decoded = decodedInOrder(collected);
        JsonNode tree = JSON.readTree(write(written, OFF, decoded));
        assertEquals("decoded-0", tree.at("/input/payloads/0").asText());
        assertEquals(1, tree.at("/input/payloads/1/secret").asInt());
        // Fields go in field number order: memo (7) before header (13).
        assertEquals("decoded-1", tree.at("/memo/fields/note").asText());
        assertEquals("decoded-2", tree.at("/header/fields/secretHeader").asText());
        JsonNode redacted = JSON.readTree(write(written, ON, decoded));
        assertEquals("[redacted]", redacted.at("/header").asText());
        assertEquals("decoded-1", redacted.at("/memo/fields/note").asText());
        assertEquals("[redacted]", redacted.at("/input").asText());
    }

    @Test
    void everyScalarTypeMapsAndUnknownEnumValuesAreWrittenAsTheOldWayWroteThem() throws Exception {
        Descriptor type = scalarsType();
        DynamicMessage.Builder message = DynamicMessage.newBuilder(type);
        message.setField(type.findFieldByName("i32"), -7);
        message.setField(type.findFieldByName("u32"), -1); // 4294967295 unsigned
        message.setField(type.findFieldByName("i64"), Long.MIN_VALUE);
        message.setField(type.findFieldByName("u64"), -1L); // 18446744073709551615 unsigned
        message.setField(type.findFieldByName("s64"), -3L);
        message.setField(type.findFieldByName("f32"), 0.1f);
        message.setField(type.findFieldByName("f64"), 1.0e20);
        message.addRepeatedField(type.findFieldByName("floats"), Float.NaN);
        message.addRepeatedField(type.findFieldByName("floats"), Float.NEGATIVE_INFINITY);
        message.addRepeatedField(type.findFieldByName("floats"), 3.4028235e38f);
        message.addRepeatedField(type.findFieldByName("doubles"), Double.POSITIVE_INFINITY);
        message.addRepeatedField(type.findFieldByName("doubles"), 5e-324);
        message.setField(type.findFieldByName("yes"), true);
        message.setField(type.findFieldByName("text"), "quote \" slash \\ tab \t é \u2028");
        message.setField(type.findFieldByName("raw"), ByteString.copyFrom(new byte[] {0, -1, 62, 63, 64}));
        message.setField(
                type.findFieldByName("color"),
                type.getFile().findEnumTypeByName("Color").findValueByNumber(1));
        message.setField(
                type.findFieldByName("odd_color"),
                type.getFile().findEnumTypeByName("Color").findValueByNumberCreatingIfUnknown(42));
        Descriptor entry = type.findFieldByName("counts").getMessageType();
        for (int key : new int[] {3, -1, 2}) {
            message.addRepeatedField(
                    type.findFieldByName("counts"),
                    DynamicMessage.newBuilder(entry)
                            .setField(entry.findFieldByName("key"), key)
                            .setField(entry.findFieldByName("value"), "v" + key)
                            .build());
        }
        message.setField(
                type.findFieldByName("when"),
                Timestamp.newBuilder()
                        .setSeconds(1_700_000_000L)
                        .setNanos(120_000_000)
                        .build());
        DynamicMessage built = message.build();
        for (Redactor redactor : List.of(OFF, new Redactor(List.of("text", "counts"), "x"))) {
            assertSame(built, redactor, "scalars");
        }
        JsonNode tree = MessageJson.of(built, PayloadDecoder.afterCodec()).toTree();
        assertEquals("18446744073709551615", tree.get("u64").asText());
        assertEquals(4294967295L, tree.get("u32").asLong());
        assertEquals(42, tree.get("oddColor").asInt());
        assertEquals("2023-11-14T22:13:20.120Z", tree.get("when").asText());
    }

    /**
     * A timestamp protobuf cannot print (a server's bug, or a hostile frontend) made the old way throw,
     * and the whole answer fail; now that event's details say they could not be rendered.
     */
    @Test
    void aTimestampProtobufCannotPrintMakesTheEventsDetailsAMarker() {
        WorkflowExecutionStartedEventAttributes started = WorkflowExecutionStartedEventAttributes.newBuilder()
                .setWorkflowExecutionExpirationTime(
                        Timestamp.newBuilder().setSeconds(Long.MAX_VALUE).build())
                .build();
        assertTrue(MessageJson.of(started, PayloadDecoder.afterCodec())
                .toTree()
                .get("undecodable")
                .asBoolean());
    }

    @Test
    void aWellKnownTypeTheWriterDoesNotKnowIsRenderedTheOldWay() throws IOException {
        Struct struct = Struct.newBuilder()
                .putFields("a", Value.newBuilder().setNumberValue(1.5).build())
                .putFields("secret", Value.newBuilder().setStringValue("s").build())
                .build();
        for (Redactor redactor : List.of(OFF, ON)) {
            assertSame(struct, redactor, "struct");
        }
        assertEquals(
                1.5,
                MessageJson.of(struct, PayloadDecoder.afterCodec())
                        .toTree()
                        .get("a")
                        .asDouble());
    }

    @Test
    void aSignalsPayloadsAreDecodedInPlace() throws IOException {
        WorkflowExecutionSignaledEventAttributes signaled = WorkflowExecutionSignaledEventAttributes.newBuilder()
                .setSignalName("approve")
                .setInput(Payloads.newBuilder()
                        .addPayloads(json("{\"by\":\"ada\"}"))
                        .addPayloads(encoded("binary/plain", "raw"))
                        .addPayloads(
                                Payload.newBuilder().putMetadata("encoding", ByteString.copyFromUtf8("binary/null")))
                        .addPayloads(Payload.newBuilder().setData(ByteString.copyFromUtf8("no metadata"))))
                .build();
        assertSame(signaled, OFF, "signal");
        JsonNode tree = MessageJson.of(signaled, PayloadDecoder.afterCodec()).toTree();
        assertEquals("ada", tree.at("/input/payloads/0/by").asText());
        assertEquals("binary/plain", tree.at("/input/payloads/1/encoding").asText());
        assertTrue(tree.at("/input/payloads/2").isNull());
        assertEquals(
                "bm8gbWV0YWRhdGE=", tree.at("/input/payloads/3/data").asText(), "not a payload answers show decoded");
    }

    /** Written the new way and the old way, with the same policy and codec answers: the same bytes. */
    private static void assertSame(Message message, Redactor redactor, String what) throws IOException {
        List<EncodedPayload> oldCollected = new ArrayList<>();
        JsonNode oldTree = MessageJson.treeOf(message, new PayloadDecoder(oldCollected::add));
        String expected = JSON.writeValueAsString(redactor.redact(oldTree, decodedInOrder(oldCollected)));

        List<EncodedPayload> newCollected = new ArrayList<>();
        MessageJson written = MessageJson.of(message, new PayloadDecoder(newCollected::add));
        assertEquals(
                oldCollected.stream().map(EncodedPayload::payload).toList(),
                newCollected.stream().map(EncodedPayload::payload).toList(),
                what + ": the codec is handed the same payloads in the same order");
        assertEquals(expected, write(written, redactor, decodedInOrder(newCollected)), what);
    }

    /** What a codec server might answer: the n-th payload handed over decodes to "decoded-n". */
    private static Map<JsonNode, JsonNode> decodedInOrder(List<EncodedPayload> collected) {
        Map<JsonNode, JsonNode> decoded = new IdentityHashMap<>();
        for (int i = 0; i < collected.size(); i++) {
            decoded.put(collected.get(i).marker(), JsonNodeFactory.instance.textNode("decoded-" + i));
        }
        return decoded;
    }

    private static String write(MessageJson message, Redactor redactor, Map<JsonNode, JsonNode> decoded)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator generator = JSON.createGenerator(bytes)) {
            message.write(generator, redactor, decoded);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static Message attributesOf(HistoryEvent event) {
        var field = event.getOneofFieldDescriptor(
                HistoryEvent.getDescriptor().getOneofs().get(0));
        return (Message) event.getField(field);
    }

    private static Payload encoded(String encoding, String data) {
        return Payload.newBuilder()
                .putMetadata("encoding", ByteString.copyFromUtf8(encoding))
                .setData(ByteString.copyFromUtf8(data))
                .build();
    }

    private static Payload json(String data) {
        return encoded("json/plain", data);
    }

    /** A message type with one field of every kind the writer handles, built at run time. */
    private static Descriptor scalarsType() throws Exception {
        DescriptorProto.Builder scalars = DescriptorProto.newBuilder().setName("Scalars");
        Object[][] fields = {
            {"i32", Type.TYPE_INT32}, {"u32", Type.TYPE_UINT32}, {"i64", Type.TYPE_INT64},
            {"u64", Type.TYPE_UINT64}, {"s64", Type.TYPE_SFIXED64}, {"f32", Type.TYPE_FLOAT},
            {"f64", Type.TYPE_DOUBLE}, {"yes", Type.TYPE_BOOL}, {"text", Type.TYPE_STRING},
            {"raw", Type.TYPE_BYTES}
        };
        int number = 1;
        for (Object[] field : fields) {
            scalars.addField(FieldDescriptorProto.newBuilder()
                    .setName((String) field[0])
                    .setNumber(number++)
                    .setType((Type) field[1]));
        }
        scalars.addField(FieldDescriptorProto.newBuilder()
                .setName("floats")
                .setNumber(number++)
                .setLabel(Label.LABEL_REPEATED)
                .setType(Type.TYPE_FLOAT));
        scalars.addField(FieldDescriptorProto.newBuilder()
                .setName("doubles")
                .setNumber(number++)
                .setLabel(Label.LABEL_REPEATED)
                .setType(Type.TYPE_DOUBLE));
        scalars.addField(FieldDescriptorProto.newBuilder()
                .setName("color")
                .setNumber(number++)
                .setType(Type.TYPE_ENUM)
                .setTypeName(".test.Color"));
        scalars.addField(FieldDescriptorProto.newBuilder()
                .setName("odd_color")
                .setNumber(number++)
                .setType(Type.TYPE_ENUM)
                .setTypeName(".test.Color"));
        scalars.addNestedType(DescriptorProto.newBuilder()
                .setName("CountsEntry")
                .setOptions(MessageOptions.newBuilder().setMapEntry(true))
                .addField(FieldDescriptorProto.newBuilder()
                        .setName("key")
                        .setNumber(1)
                        .setType(Type.TYPE_INT32))
                .addField(FieldDescriptorProto.newBuilder()
                        .setName("value")
                        .setNumber(2)
                        .setType(Type.TYPE_STRING)));
        scalars.addField(FieldDescriptorProto.newBuilder()
                .setName("counts")
                .setNumber(number++)
                .setLabel(Label.LABEL_REPEATED)
                .setType(Type.TYPE_MESSAGE)
                .setTypeName(".test.Scalars.CountsEntry"));
        scalars.addField(FieldDescriptorProto.newBuilder()
                .setName("when")
                .setNumber(number++)
                .setType(Type.TYPE_MESSAGE)
                .setTypeName(".google.protobuf.Timestamp"));
        FileDescriptorProto file = FileDescriptorProto.newBuilder()
                .setName("test/scalars.proto")
                .setPackage("test")
                .setSyntax("proto3")
                .addDependency("google/protobuf/timestamp.proto")
                .addEnumType(EnumDescriptorProto.newBuilder()
                        .setName("Color")
                        .addValue(EnumValueDescriptorProto.newBuilder()
                                .setName("COLOR_UNSPECIFIED")
                                .setNumber(0))
                        .addValue(EnumValueDescriptorProto.newBuilder()
                                .setName("COLOR_RED")
                                .setNumber(1)))
                .addMessageType(scalars)
                .build();
        return FileDescriptor.buildFrom(
                        file, new FileDescriptor[] {Timestamp.getDescriptor().getFile()})
                .findMessageTypeByName("Scalars");
    }
}
