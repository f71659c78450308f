package io.runlens.api;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.List;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Lets a nullable reference be null. For a property annotated {@code @Schema(nullable = true,
 * description = ...)} whose type is another component, SmallRye writes {@code anyOf: [$ref, {type:
 * null}]} and, beside it, {@code type: object}; both apply in OpenAPI 3.1, so the null the anyOf
 * allows is refused (details' {@code failure} is null for every run that did not fail). No annotation
 * says "a reference or null" without that type, so this drops a type that excludes null from every
 * schema whose anyOf admits it: the anyOf alone says what may be sent.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class NullableReferences implements OASFilter {

    @Override
    public Schema filterSchema(Schema schema) {
        List<Schema> anyOf = schema.getAnyOf();
        List<Schema.SchemaType> type = schema.getType();
        if (anyOf != null && type != null && !type.contains(Schema.SchemaType.NULL) && admitsNull(anyOf)) {
            schema.setType(null);
        }
        return schema;
    }

    private static boolean admitsNull(List<Schema> anyOf) {
        return anyOf.stream()
                .anyMatch(option -> option.getType() != null && option.getType().contains(Schema.SchemaType.NULL));
    }
}
