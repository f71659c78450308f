package io.runlens.api;

import io.quarkus.security.identity.SecurityIdentity;
import io.runlens.payload.PayloadAccess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

/** Whether an answer leaves its payloads out: the request asked to ({@code include_payloads=false}), or its caller may not see them. */
@ApplicationScoped
public class PayloadOmission {

    private final PayloadAccess access;

    public PayloadOmission(PayloadAccess access) {
        this.access = access;
    }

    public boolean omits(UriInfo request, SecurityIdentity caller, String organization) {
        return omits(request.getQueryParameters().get(IncludePayloadsFilter.PARAMETER), caller, organization);
    }

    public boolean omits(List<String> includePayloads, SecurityIdentity caller, String organization) {
        boolean asked =
                includePayloads == null || includePayloads.stream().noneMatch(value -> value.equalsIgnoreCase("false"));
        return !asked || !access.mayRead(caller, organization);
    }
}
