package io.runlens.trace;

import static io.runlens.trace.ProtoValues.emptyToNull;
import static io.runlens.trace.ProtoValues.instant;

import io.temporal.api.history.v1.HistoryEvent;
import java.util.ArrayList;
import java.util.List;

/** Signals the workflow received, in order. */
final class SignalFold {

    private final FoldContext context;
    private final List<SignalReceived> signals = new ArrayList<>();

    SignalFold(FoldContext context) {
        this.context = context;
    }

    void apply(HistoryEvent event) {
        var a = event.getWorkflowExecutionSignaledEventAttributes();
        if (context.keepsPayloads()) {
            signals.add(new SignalReceived(
                    event.getEventId(),
                    a.getSignalName(),
                    instant(event.getEventTime()),
                    a.hasInput() ? context.payloads().asObject(a.getInput()) : null,
                    emptyToNull(a.getIdentity())));
        }
        context.timeline()
                .add("signal_received", event)
                .put("signal_name", a.getSignalName())
                .put("identity", a.getIdentity());
    }

    List<SignalReceived> received() {
        return List.copyOf(signals);
    }
}
