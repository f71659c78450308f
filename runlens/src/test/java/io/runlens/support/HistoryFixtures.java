package io.runlens.support;

import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.common.WorkflowExecutionHistory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the recorded histories under {@code src/test/resources/histories/} (see its README): a
 * history's events, or a {@code .describe.json} as the describe answer it was recorded from. Plain
 * JUnit helpers: no Temporal, no Quarkus.
 */
public final class HistoryFixtures {

    /**
     * Read from the source tree, not the class path: a fixture deleted from the sources can linger in
     * target/test-classes, and would hide that it is missing. Surefire sets {@code basedir}.
     */
    public static final Path HISTORIES = Path.of(System.getProperty("basedir", "."), "src/test/resources/histories");

    /** The SDKs fixtures were recorded with, each a folder of {@link #HISTORIES}. */
    public static final List<String> SDKS = List.of("java", "typescript");

    private HistoryFixtures() {}

    /** The text of {@code sdk/file}; fails the test, saying how to re-record, if it is missing. */
    public static String text(String sdk, String file) {
        Path path = HISTORIES.resolve(sdk).resolve(file);
        if (!Files.isRegularFile(path)) {
            fail("missing fixture " + path + ": re-record with src/test/resources/histories/record");
        }
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The events of the history {@code sdk/file}, read as the Java SDK reads a history's JSON. */
    public static List<HistoryEvent> events(String sdk, String file) {
        return WorkflowExecutionHistory.fromJson(text(sdk, file)).getEvents();
    }

    /** The describe answer {@code sdk/file} ({@code <scenario>.describe.json}), read strictly. */
    public static DescribeWorkflowExecutionResponse describe(String sdk, String file) {
        DescribeWorkflowExecutionResponse.Builder described = DescribeWorkflowExecutionResponse.newBuilder();
        try {
            JsonFormat.parser().merge(text(sdk, file), described);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(file, e);
        }
        return described.build();
    }
}
