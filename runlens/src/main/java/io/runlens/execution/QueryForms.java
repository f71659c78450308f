package io.runlens.execution;

import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.function.Supplier;

/**
 * Query forms a feature's request path runs, for {@link QueryPlanWarmup} to translate at start-up
 * (each reads nothing). A feature with queries of its own (API keys) provides a bean of this type.
 */
public interface QueryForms {

    List<Supplier<Uni<?>>> forms();
}
