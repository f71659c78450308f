package io.runlens.support;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Collects finished spans in memory (Quarkus exports to every SpanExporter bean); only a tracing-enabled profile produces any. */
public class SpanCapture {

    @Produces
    @Singleton
    InMemorySpanExporter spans() {
        return InMemorySpanExporter.create();
    }
}
