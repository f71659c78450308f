package io.runlens.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Observes each call to a backend (the execution row, Temporal's describe and history): a span
 * under the request's span, and {@code runlens.backend.latency} tagged with the source. Tracing is
 * off unless {@code quarkus.otel.sdk.disabled=false}; the spans then cost nothing.
 */
@ApplicationScoped
public class BackendCalls {

    private final MeterRegistry metrics;
    private final Tracer tracer;

    public BackendCalls(MeterRegistry metrics, Tracer tracer) {
        this.metrics = metrics;
        this.tracer = tracer;
    }

    /** {@code call}, observed as {@code source} from subscription to its item, failure or cancellation. */
    public <T> Uni<T> observe(String source, String spanName, Uni<T> call) {
        return Uni.createFrom().deferred(() -> {
            Timer.Sample sample = Timer.start(metrics);
            Span span = tracer.spanBuilder(spanName)
                    .setSpanKind(SpanKind.CLIENT)
                    .setAttribute("runlens.source", source)
                    .startSpan();
            return call.onFailure()
                    .invoke(failure ->
                            span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName()))
                    .onTermination()
                    .invoke(() -> {
                        sample.stop(metrics.timer("runlens.backend.latency", "source", source));
                        span.end();
                    });
        });
    }
}
