package io.runlens.support;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.temporal.api.enums.v1.HistoryEventFilterType;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoResponse;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Temporal frontend on a TCP port serving runs recorded from the in-process service, which the test
 * can then change the way a real cluster can and the in-process service cannot: reset a closed run
 * (a new run of its chain becomes the latest) or delete it (retention, DeleteWorkflowExecution). It
 * answers GetSystemInfo, DescribeWorkflowExecution and GetWorkflowExecutionHistory (whole history, or
 * the closing event), and counts the calls.
 */
public final class ScriptedTemporal extends WorkflowServiceGrpc.WorkflowServiceImplBase implements AutoCloseable {

    /** One run as served: describe's answer and its history. */
    public record Run(DescribeWorkflowExecutionResponse describe, List<HistoryEvent> events) {
        String runId() {
            return describe.getWorkflowExecutionInfo().getExecution().getRunId();
        }
    }

    // Per workflow id, its runs in start order: the last one is the latest.
    private final Map<String, List<Run>> workflows = new LinkedHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final Server server;

    public ScriptedTemporal() {
        try {
            this.server = NettyServerBuilder.forPort(0).addService(this).build().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String target() {
        return "127.0.0.1:" + server.getPort();
    }

    /** Describe and history calls answered so far. */
    public int calls() {
        return calls.get();
    }

    /** Serves {@code run} of {@code workflowId} as its latest run. */
    public synchronized void add(String workflowId, Run run) {
        workflows.computeIfAbsent(workflowId, id -> new ArrayList<>()).add(run);
    }

    /** Temporal no longer has run {@code runId} (deleted, or past retention). */
    public synchronized void delete(String workflowId, String runId) {
        List<Run> runs = workflows.getOrDefault(workflowId, List.of());
        runs.removeIf(run -> run.runId().equals(runId));
    }

    private synchronized Run find(String workflowId, String runId) {
        List<Run> runs = workflows.getOrDefault(workflowId, List.of());
        if (runs.isEmpty()) {
            return null;
        }
        if (runId.isEmpty()) {
            return runs.get(runs.size() - 1);
        }
        return runs.stream()
                .filter(run -> run.runId().equals(runId))
                .findFirst()
                .orElse(null);
    }

    @Override
    public void getSystemInfo(GetSystemInfoRequest request, StreamObserver<GetSystemInfoResponse> response) {
        response.onNext(GetSystemInfoResponse.getDefaultInstance());
        response.onCompleted();
    }

    @Override
    public void describeWorkflowExecution(
            DescribeWorkflowExecutionRequest request, StreamObserver<DescribeWorkflowExecutionResponse> response) {
        calls.incrementAndGet();
        Run run = find(
                request.getExecution().getWorkflowId(), request.getExecution().getRunId());
        if (run == null) {
            response.onError(
                    Status.NOT_FOUND.withDescription("workflow not found").asRuntimeException());
            return;
        }
        response.onNext(run.describe());
        response.onCompleted();
    }

    @Override
    public void getWorkflowExecutionHistory(
            GetWorkflowExecutionHistoryRequest request, StreamObserver<GetWorkflowExecutionHistoryResponse> response) {
        calls.incrementAndGet();
        Run run = find(
                request.getExecution().getWorkflowId(), request.getExecution().getRunId());
        if (run == null) {
            response.onError(
                    Status.NOT_FOUND.withDescription("workflow not found").asRuntimeException());
            return;
        }
        List<HistoryEvent> events = run.events();
        if (request.getHistoryEventFilterType() == HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT) {
            events = events.subList(events.size() - 1, events.size());
        } else if (request.getMaximumPageSize() > 0 && request.getMaximumPageSize() < events.size()) {
            // Only the first event is ever asked for in a page this small (a run's Started event).
            events = events.subList(0, request.getMaximumPageSize());
        }
        response.onNext(GetWorkflowExecutionHistoryResponse.newBuilder()
                .setHistory(History.newBuilder().addAllEvents(events))
                .build());
        response.onCompleted();
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
