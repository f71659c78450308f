package io.runlens.temporal;

import io.temporal.api.history.v1.HistoryEvent;
import java.util.List;

/** Consumes a workflow history one page at a time, in event order. */
public interface HistoryFold {

    void accept(List<HistoryEvent> page);
}
