package io.runlens.payload;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Applies the payload policy to every property marked {@link PayloadValue} as Jackson writes it: sensitive
 * keys are always redacted; when the writer carries the {@link #OMIT} attribute, the payload is left
 * out ({@code {}} where the contract requires an object, absent where nulls are left out, else null).
 * Working at serialization keeps cached runs whole and the policy in one place for every endpoint.
 */
public final class PayloadSerializerModifier extends BeanSerializerModifier {

    /** Writer attribute: {@code Boolean.TRUE} leaves payloads out of the answer. */
    public static final String OMIT = "runlens.omit-payloads";

    /** Writer attribute: an identity map from encoded-payload markers to what the codec server made of them. */
    public static final String DECODED = "runlens.decoded-payloads";

    private final Supplier<Redactor> redactor;

    public PayloadSerializerModifier(Supplier<Redactor> redactor) {
        this.redactor = redactor;
    }

    @Override
    public List<BeanPropertyWriter> changeProperties(
            SerializationConfig config, BeanDescription description, List<BeanPropertyWriter> properties) {
        List<BeanPropertyWriter> changed = new ArrayList<>(properties.size());
        for (BeanPropertyWriter property : properties) {
            PayloadValue marker = property.getAnnotation(PayloadValue.class);
            changed.add(marker == null ? property : new PayloadWriter(property, marker, redactor));
        }
        return changed;
    }

    private static final class PayloadWriter extends BeanPropertyWriter {

        private static final long serialVersionUID = 1L;

        private final transient PayloadValue marker;
        private final transient Supplier<Redactor> redactor;

        PayloadWriter(BeanPropertyWriter base, PayloadValue marker, Supplier<Redactor> redactor) {
            super(base);
            this.marker = marker;
            this.redactor = redactor;
        }

        @Override
        public void serializeAsField(Object bean, JsonGenerator generator, SerializerProvider provider)
                throws Exception {
            if (Boolean.TRUE.equals(provider.getAttribute(OMIT))) {
                if (marker.emptyObjectWhenOmitted()) {
                    generator.writeFieldName(_name);
                    generator.writeStartObject();
                    generator.writeEndObject();
                } else if (!_suppressNulls) {
                    generator.writeFieldName(_name);
                    generator.writeNull();
                }
                return;
            }
            Object value = get(bean);
            @SuppressWarnings("unchecked")
            java.util.Map<JsonNode, JsonNode> decodedByMarker =
                    (java.util.Map<JsonNode, JsonNode>) provider.getAttribute(DECODED);
            if (value instanceof MessageJson message) {
                // Written from the protobuf message itself, with the policy applied as it goes.
                generator.writeFieldName(_name);
                message.write(generator, redactor.get(), decodedByMarker);
                return;
            }
            if (value instanceof JsonNode node) {
                JsonNode redacted = redactor.get().redact(node, decodedByMarker);
                if (marker.textOnly()) {
                    generator.writeFieldName(_name);
                    if (redacted.isTextual()) {
                        generator.writeString(redacted.textValue());
                    } else {
                        generator.writeNull();
                    }
                    return;
                }
                if (redacted != node) {
                    generator.writeFieldName(_name);
                    generator.writeTree(redacted);
                    return;
                }
            }
            super.serializeAsField(bean, generator, provider);
        }
    }
}
