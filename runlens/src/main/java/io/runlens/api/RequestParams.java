package io.runlens.api;

import io.runlens.config.ApiConfig;
import io.runlens.execution.ExecutionFilter;
import io.runlens.execution.ExecutionRef;
import io.runlens.execution.ExecutionStatus;
import io.runlens.execution.PageCursor;
import java.util.Optional;

/** The API's request parameters, checked: every value that can name nothing is a 400 that names the parameter. */
final class RequestParams {

    private RequestParams() {}

    /**
     * A query parameter that must be a whole number from {@code min} to {@code max};
     * {@code otherwise} when it is not given.
     */
    static int wholeNumber(String name, String value, int otherwise, int min, int max) {
        if (value == null) {
            return otherwise;
        }
        try {
            int number = Integer.parseInt(value.strip());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiProblem.badRequest(name + " must be a whole number from " + min + " to " + max);
    }

    static ExecutionRef parseRef(String executionId) {
        try {
            return ExecutionRef.parse(executionId);
        } catch (ExecutionRef.InvalidExecutionIdException e) {
            throw ApiProblem.badRequest(e.getMessage());
        }
    }

    /** The list parameters, checked: every bad value is a 400 that names it. */
    public record ListQuery(int limit, Optional<PageCursor> after, ExecutionFilter filter) {

        static ListQuery parse(String limit, String cursor, String status, String workflowId, ApiConfig api) {
            return new ListQuery(
                    parseLimit(limit, api),
                    parseCursor(cursor),
                    new ExecutionFilter(parseStatus(status), parseWorkflowId(workflowId)));
        }

        private static int parseLimit(String limit, ApiConfig api) {
            return wholeNumber("limit", limit, api.defaultPageSize(), 1, api.maxPageSize());
        }

        private static Optional<PageCursor> parseCursor(String cursor) {
            if (cursor == null || cursor.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(PageCursor.decode(cursor));
            } catch (IllegalArgumentException e) {
                throw ApiProblem.badRequest(e.getMessage());
            }
        }

        private static Optional<ExecutionStatus> parseStatus(String status) {
            if (status == null) {
                return Optional.empty();
            }
            return Optional.of(ExecutionStatus.fromWord(status)
                    .orElseThrow(() -> ApiProblem.badRequest(
                            "status must be one of pending, running, completed, failed, cancelled")));
        }

        static Optional<String> parseWorkflowId(String workflowId) {
            if (workflowId == null) {
                return Optional.empty();
            }
            if (workflowId.isEmpty()
                    || workflowId.length() > ExecutionRef.MAX_WORKFLOW_ID_BYTES
                    || workflowId.codePoints().anyMatch(Character::isISOControl)) {
                throw ApiProblem.badRequest("workflow_id must be 1 to 1000 characters without control characters");
            }
            return Optional.of(workflowId);
        }
    }

    /** A run id is what Temporal makes it (a UUID today); anything a run id cannot be is a 400. */
    static Optional<String> runId(String value) {
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        if (value.length() > 255 || value.isBlank() || value.codePoints().anyMatch(Character::isISOControl)) {
            throw ApiProblem.badRequest("run_id must be 1 to 255 characters without control characters");
        }
        return Optional.of(value);
    }
}
