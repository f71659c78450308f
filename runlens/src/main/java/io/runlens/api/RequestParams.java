package io.runlens.api;

import io.runlens.config.ApiConfig;
import io.runlens.execution.ExecutionFilter;
import io.runlens.execution.ExecutionRef;
import io.runlens.execution.ExecutionStatus;
import io.runlens.execution.PageCursor;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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

    /** The list's filter parameters as the request gave them (null or empty: not given). */
    record FilterParams(
            List<String> status,
            String workflowId,
            String workflowType,
            String createdAfter,
            String createdBefore,
            String startedAfter,
            String startedBefore) {

        static FilterParams status(String status, String workflowId) {
            return new FilterParams(
                    status == null ? List.of() : List.of(status), workflowId, null, null, null, null, null);
        }
    }

    /** The list parameters, checked: every bad value is a 400 that names it. */
    public record ListQuery(int limit, Optional<PageCursor> after, ExecutionFilter filter) {

        static ListQuery parse(String limit, String cursor, String status, String workflowId, ApiConfig api) {
            return of(limit, cursor, FilterParams.status(status, workflowId), Optional.empty(), api);
        }

        /**
         * @param definition the workflow definition the path names, if any; it narrows the list as
         *     {@code workflow_id} does
         */
        static ListQuery of(
                String limit, String cursor, FilterParams params, Optional<String> definition, ApiConfig api) {
            int size = parseLimit(limit, api);
            Optional<PageCursor> after = parseCursor(cursor);
            ExecutionFilter filter = new ExecutionFilter(
                    parseStatuses(params.status()),
                    definition.isPresent() ? definition : parseWorkflowId(params.workflowId()),
                    parseWorkflowType(params.workflowType()),
                    timeRange("created", params.createdAfter(), params.createdBefore()),
                    timeRange("started", params.startedAfter(), params.startedBefore()));
            if (after.isPresent() && !after.get().belongsTo(filter)) {
                throw ApiProblem.badRequest("cursor was returned by a list with other filters: send the filters "
                        + "of the request that returned it, or start again without cursor");
            }
            return new ListQuery(size, after, filter);
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

        /** {@code status} repeated, or a comma-separated list, or both; empty items count as not given. */
        static Set<ExecutionStatus> parseStatuses(List<String> values) {
            EnumSet<ExecutionStatus> statuses = EnumSet.noneOf(ExecutionStatus.class);
            for (String value : values == null ? List.<String>of() : values) {
                for (String word : value.split(",", -1)) {
                    if (word.isEmpty()) {
                        continue;
                    }
                    statuses.add(ExecutionStatus.fromWord(word)
                            .orElseThrow(() -> ApiProblem.badRequest(
                                    "status must be one of pending, running, completed, failed, cancelled")));
                }
            }
            return statuses;
        }

        static Optional<String> parseWorkflowId(String workflowId) {
            return name("workflow_id", workflowId);
        }

        static Optional<String> parseWorkflowType(String workflowType) {
            return name("workflow_type", workflowType);
        }

        private static Optional<String> name(String parameter, String value) {
            if (value == null) {
                return Optional.empty();
            }
            if (value.isEmpty()
                    || value.length() > ExecutionRef.MAX_WORKFLOW_ID_BYTES
                    || value.codePoints().anyMatch(Character::isISOControl)) {
                throw ApiProblem.badRequest(parameter + " must be 1 to 1000 characters without control characters");
            }
            return Optional.of(value);
        }

        /** {@code <what>_after} (at or after) and {@code <what>_before} (strictly before), RFC 3339 times. */
        static ExecutionFilter.TimeRange timeRange(String what, String after, String before) {
            Optional<Instant> from = time(what + "_after", after);
            Optional<Instant> until = time(what + "_before", before);
            if (from.isPresent() && until.isPresent() && !from.get().isBefore(until.get())) {
                throw ApiProblem.badRequest(what + "_after must be earlier than " + what + "_before");
            }
            return new ExecutionFilter.TimeRange(from, until);
        }

        // The years an RFC 3339 answer can show; PostgreSQL keeps microseconds, so that is the precision.
        private static Optional<Instant> time(String parameter, String value) {
            if (value == null || value.isEmpty()) {
                return Optional.empty();
            }
            try {
                OffsetDateTime time = OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
                if (time.getYear() >= 1 && time.getYear() <= 9999) {
                    Instant instant = time.toInstant().truncatedTo(ChronoUnit.MICROS);
                    if (!instant.isBefore(FIRST_TIME) && !instant.isAfter(LAST_TIME)) {
                        return Optional.of(instant);
                    }
                }
            } catch (DateTimeParseException e) {
                // reported below
            }
            throw ApiProblem.badRequest(parameter + " must be an RFC 3339 date-time with an offset from the years "
                    + "0001 to 9999, such as 2026-12-01T09:30:00Z (send + in an offset as %2B)");
        }
    }

    private static final Instant FIRST_TIME = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LAST_TIME = Instant.parse("9999-12-31T23:59:59.999999Z");

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
