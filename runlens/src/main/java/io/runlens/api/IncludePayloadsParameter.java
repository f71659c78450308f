package io.runlens.api;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;

/**
 * Documents {@code include_payloads} on every read endpoint it applies to. The parameter is read by
 * {@link PayloadOmission} for all of them, so it is added here once rather than on each method.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class IncludePayloadsParameter implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/api/") && !path.startsWith("/api/v1/api-keys") && item.getGET() != null) {
                item.getGET()
                        .addParameter(OASFactory.createParameter()
                                .name(IncludePayloadsFilter.PARAMETER)
                                .in(Parameter.In.QUERY)
                                .description(
                                        "false leaves every payload (inputs, results, event details) out of the answer; "
                                                + "callers without payload access never get them")
                                .schema(OASFactory.createSchema()
                                        .addType(
                                                org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.BOOLEAN)
                                        .defaultValue(Boolean.TRUE)));
            }
        });
    }
}
