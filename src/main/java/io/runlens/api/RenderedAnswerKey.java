package io.runlens.api;

import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;

/** This request's {@link RenderedAnswers.Key}, set by the resource that knows it, read by {@link ConditionalGet}. */
@RequestScoped
public class RenderedAnswerKey {

    private RenderedAnswers.Key key;

    void set(RenderedAnswers.Key key) {
        this.key = key;
    }

    Optional<RenderedAnswers.Key> get() {
        return Optional.ofNullable(key);
    }
}
