package io.runlens.support;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * Awaitility's {@code await()} for these tests: it does not fail a wait on an exception thrown by some
 * other thread. The in-process Temporal service throws on its own threads when a client cancels a long
 * poll it is still holding ("call already closed"), which streams do on purpose; that is the test
 * server's business, not the condition being waited for.
 */
public final class Waits {

    private Waits() {}

    public static ConditionFactory await() {
        return Awaitility.await().dontCatchUncaughtExceptions();
    }
}
