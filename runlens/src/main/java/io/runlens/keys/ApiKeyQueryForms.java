package io.runlens.keys;

import io.runlens.execution.QueryForms;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.function.Supplier;

/** The API-key check's query, translated at start-up with the others: every request with a key runs it. */
@ApplicationScoped
public class ApiKeyQueryForms implements QueryForms {

    private final ApiKeys keys;

    public ApiKeyQueryForms(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public List<Supplier<Uni<?>>> forms() {
        return List.of(() -> keys.use("rlk_runlens-warmup"));
    }
}
