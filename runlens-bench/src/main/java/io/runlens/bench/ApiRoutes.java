package io.runlens.bench;

/**
 * The two routes the benchmark measures over HTTP. The templates are the keys of the service's own
 * request counters (which a cell reads to check what wrk got); the URLs are those of one execution on a
 * started instance.
 */
final class ApiRoutes {

    static final String DETAILS = "/api/v1/executions/{execution_id}/details";
    static final String ROW = "/api/v1/executions/{execution_id}";

    private ApiRoutes() {}

    static String details(ServiceProcess service, BenchBackends.Execution execution) {
        return service.baseUrl() + "/api/v1/executions/" + execution.workflowId() + "/details";
    }

    static String row(ServiceProcess service, BenchBackends.Execution execution) {
        return service.baseUrl() + "/api/v1/executions/" + execution.workflowId();
    }
}
