package io.runlens.trace;

import static io.runlens.trace.FoldFixtures.all;
import static io.runlens.trace.FoldFixtures.events;
import static io.runlens.trace.FoldFixtures.feed;
import static io.runlens.trace.FoldFixtures.json;
import static io.runlens.trace.FoldFixtures.only;
import static io.runlens.trace.FoldFixtures.time;
import static io.runlens.trace.FoldFixtures.types;
import static io.runlens.trace.FoldFixtures.wrapped;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.temporal.api.history.v1.HistoryEvent;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link SignalFold} alone, over the signals recorded in {@code signals-and-timers} and {@code updates} of both SDKs. */
class SignalFoldTest {

    private final FoldContext context = FoldFixtures.forDetails();

    private static SignalFold fold(FoldContext context, List<HistoryEvent> events) {
        SignalFold fold = new SignalFold(context);
        feed(context, events, HistoryEvent::hasWorkflowExecutionSignaledEventAttributes, fold::apply);
        return fold;
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "typescript"})
    void signalsAreReceivedInOrderWithTheirDecodedInput(String sdk) {
        List<HistoryEvent> events = events(sdk, "signals-and-timers.json");
        List<HistoryEvent> signaled = all(events, HistoryEvent::hasWorkflowExecutionSignaledEventAttributes);
        assertEquals(2, signaled.size());

        List<SignalReceived> signals = fold(context, events).received();

        assertEquals(2, signals.size());
        for (int i = 0; i < signaled.size(); i++) {
            var recorded = signaled.get(i).getWorkflowExecutionSignaledEventAttributes();
            SignalReceived signal = signals.get(i);
            assertEquals(signaled.get(i).getEventId(), signal.eventId());
            assertEquals(recorded.getSignalName(), signal.signalName());
            assertEquals(time(signaled.get(i)), signal.time());
            assertEquals(recorded.getIdentity(), signal.identity());
        }
        // "note" carries an object, shown as itself...
        assertEquals("note", signals.get(0).signalName());
        ObjectNode note = (ObjectNode) json(signaled.get(0)
                .getWorkflowExecutionSignaledEventAttributes()
                .getInput()
                .getPayloads(0));
        assertEquals("ship it on friday", note.get("text").asText());
        assertEquals(note, signals.get(0).input());
        // ...and "approve" a string, shown as {"value": "dana"}.
        assertEquals("approve", signals.get(1).signalName());
        assertEquals(
                wrapped(json(signaled.get(1)
                        .getWorkflowExecutionSignaledEventAttributes()
                        .getInput()
                        .getPayloads(0))),
                signals.get(1).input());

        assertEquals(
                List.of("signal_received", "signal_received"),
                types(context.timeline().entries()));
        TimelineEntry entry = context.timeline().entries().get(1);
        assertEquals(signaled.get(1).getEventId(), entry.get("event_id").asLong());
        assertEquals("approve", entry.get("signal_name").asText());
        assertEquals(
                signaled.get(1).getWorkflowExecutionSignaledEventAttributes().getIdentity(),
                entry.get("identity").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "typescript"})
    void aSignalWithoutArgumentsHasNoInput(String sdk) {
        List<HistoryEvent> events = events(sdk, "updates.json");
        // "finish": its input is an empty list of payloads.
        HistoryEvent finish = only(events, HistoryEvent::hasWorkflowExecutionSignaledEventAttributes);
        assertEquals(
                0,
                finish.getWorkflowExecutionSignaledEventAttributes().getInput().getPayloadsCount());

        SignalReceived signal = fold(context, events).received().get(0);

        assertEquals("finish", signal.signalName());
        assertNull(signal.input());
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "typescript"})
    void aStreamKeepsNoSignalButDescribesEach(String sdk) {
        FoldContext stream = FoldFixtures.forStream();
        SignalFold fold = new SignalFold(stream);
        HistoryEvent note = all(
                        events(sdk, "signals-and-timers.json"),
                        HistoryEvent::hasWorkflowExecutionSignaledEventAttributes)
                .get(0);
        stream.timeline().next();
        fold.apply(note);
        assertEquals("note", stream.timeline().last().get("signal_name").asText());
        assertEquals(List.of(), fold.received());
    }
}
