package io.runlens.payload;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.arc.Arc;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Installs the payload policy into the application's ObjectMapper, which every endpoint writes with.
 * The mapper is built before runtime configuration exists (static init), so the redaction settings
 * are looked up at the first write.
 */
@Singleton
public class PayloadJson implements ObjectMapperCustomizer {

    /** Applied after Quarkus' own customizers, which register Jackson's Java time module: ours must come later to win. */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        Supplier<Redactor> redactor = new Supplier<>() {
            private volatile Redactor resolved;

            @Override
            public Redactor get() {
                Redactor current = resolved;
                if (current == null) {
                    current =
                            Arc.container().instance(PayloadAccess.class).get().redactor();
                    resolved = current;
                }
                return current;
            }
        };
        mapper.registerModule(new SimpleModule("runlens-payloads")
                .setSerializerModifier(new PayloadSerializerModifier(redactor))
                // Registered after Jackson's Java time module, so it takes precedence: the same text, faster.
                .addSerializer(Instant.class, new JsonInstants.Serializer()));
    }
}
