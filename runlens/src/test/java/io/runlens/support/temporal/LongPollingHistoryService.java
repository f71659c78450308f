package io.runlens.support.temporal;

import com.google.protobuf.ByteString;
import io.grpc.Context;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoResponse;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Temporal frontend on a TCP port whose history grows when the test appends recorded events, and
 * which answers {@code waitNewEvent} the way a production frontend does (the in-process test server
 * does not): pages of the size asked for; a long poll's token holds the position it reached and the
 * next long poll with it waits there for new events; a long poll that waits past the server's own
 * interval answers no events and the same position; the last page of a closed run has no token.
 * Reads without {@code waitNewEvent} page up to the end as it stood at their first page and then have
 * no token. It counts both kinds of request and the long polls whose caller cancelled them.
 */
public final class LongPollingHistoryService extends WorkflowServiceGrpc.WorkflowServiceImplBase
        implements AutoCloseable {

    // The events that end a run, as the frontend itself knows them: not the follower's own rule, which is under test.
    private static final Set<EventType> CLOSING = EnumSet.of(
            EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
            EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
            EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT,
            EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
            EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
            EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);

    private final String workflowId;
    private final List<HistoryEvent> recorded;
    private final Duration longPollInterval;
    private final List<HistoryEvent> served = new ArrayList<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicInteger longPolls = new AtomicInteger();
    private final AtomicInteger cancelledLongPolls = new AtomicInteger();
    private final Server server;
    private final boolean holdsPositions;
    private int appendAfterNextRead;

    public LongPollingHistoryService(
            String workflowId, List<HistoryEvent> recorded, int initially, Duration longPollInterval) {
        this(workflowId, recorded, initially, longPollInterval, true);
    }

    /**
     * With {@code holdsPositions} false it answers as Temporal's in-process test server does instead:
     * whole histories in one page and never a token; a long poll waits for events after those present
     * when it arrives, whatever its token, and then fails with UNKNOWN (the test server trips over its
     * own index), or waits until its caller's deadline.
     */
    public LongPollingHistoryService(
            String workflowId,
            List<HistoryEvent> recorded,
            int initially,
            Duration longPollInterval,
            boolean holdsPositions) {
        this.holdsPositions = holdsPositions;
        this.workflowId = workflowId;
        this.recorded = recorded;
        this.longPollInterval = longPollInterval;
        served.addAll(recorded.subList(0, initially));
        try {
            server = NettyServerBuilder.forPort(0).addService(this).build().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String target() {
        return "127.0.0.1:" + server.getPort();
    }

    /** Appends the next {@code count} recorded events, waking long polls. */
    public synchronized void append(int count) {
        int from = served.size();
        served.addAll(recorded.subList(from, Math.min(recorded.size(), from + count)));
        notifyAll();
    }

    /** Appends the next {@code count} recorded events right after the next read without waitNewEvent has been answered. */
    public synchronized void appendAfterNextRead(int count) {
        appendAfterNextRead = count;
    }

    public synchronized int servedCount() {
        return served.size();
    }

    public int reads() {
        return reads.get();
    }

    public int longPolls() {
        return longPolls.get();
    }

    public int cancelledLongPolls() {
        return cancelledLongPolls.get();
    }

    private synchronized boolean closed() {
        return !served.isEmpty()
                && CLOSING.contains(served.get(served.size() - 1).getEventType());
    }

    @Override
    public void getSystemInfo(GetSystemInfoRequest request, StreamObserver<GetSystemInfoResponse> response) {
        response.onNext(GetSystemInfoResponse.getDefaultInstance());
        response.onCompleted();
    }

    @Override
    public void describeWorkflowExecution(
            DescribeWorkflowExecutionRequest request, StreamObserver<DescribeWorkflowExecutionResponse> response) {
        response.onNext(DescribeWorkflowExecutionResponse.newBuilder()
                .setWorkflowExecutionInfo(WorkflowExecutionInfo.newBuilder()
                        .setExecution(WorkflowExecution.newBuilder()
                                .setWorkflowId(workflowId)
                                .setRunId("run-1"))
                        .setStatus(
                                closed()
                                        ? WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED
                                        : WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING)
                        .setHistoryLength(servedCount()))
                .build());
        response.onCompleted();
    }

    // Token: where the next page starts and where this read ends (-1: a long poll's position, no end yet).
    @Override
    public void getWorkflowExecutionHistory(
            GetWorkflowExecutionHistoryRequest request, StreamObserver<GetWorkflowExecutionHistoryResponse> response) {
        if (!holdsPositions) {
            answerAsTheTestServer(request, response);
            return;
        }
        int pageSize = request.getMaximumPageSize() > 0 ? request.getMaximumPageSize() : 1000;
        ByteBuffer token = request.getNextPageToken().isEmpty()
                ? null
                : request.getNextPageToken().asReadOnlyByteBuffer();
        int from = token == null ? 0 : token.getInt();
        int end = token == null ? -1 : token.getInt();
        boolean wait = request.getWaitNewEvent();
        (wait ? longPolls : reads).incrementAndGet();
        List<HistoryEvent> page;
        synchronized (this) {
            if (end < 0) {
                if (wait && from == served.size() && !closed()) {
                    long until = System.nanoTime() + longPollInterval.toNanos();
                    while (served.size() == from && System.nanoTime() < until) {
                        if (Context.current().isCancelled()) {
                            cancelledLongPolls.incrementAndGet();
                            return;
                        }
                        try {
                            wait(20);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                    if (served.size() == from) {
                        // The server's own long-poll interval is over: no events, the same position.
                        response.onNext(GetWorkflowExecutionHistoryResponse.newBuilder()
                                .setNextPageToken(token(from, -1))
                                .build());
                        response.onCompleted();
                        return;
                    }
                }
                end = served.size();
            }
            int to = Math.min(from + pageSize, end);
            page = List.copyOf(served.subList(from, to));
            GetWorkflowExecutionHistoryResponse.Builder answer = GetWorkflowExecutionHistoryResponse.newBuilder()
                    .setHistory(History.newBuilder().addAllEvents(page));
            if (to < end) {
                answer.setNextPageToken(token(to, end));
            } else if (wait && !closed()) {
                answer.setNextPageToken(token(to, -1));
            }
            response.onNext(answer.build());
        }
        response.onCompleted();
    }

    private void answerAsTheTestServer(
            GetWorkflowExecutionHistoryRequest request, StreamObserver<GetWorkflowExecutionHistoryResponse> response) {
        if (!request.getWaitNewEvent()) {
            reads.incrementAndGet();
            synchronized (this) {
                response.onNext(GetWorkflowExecutionHistoryResponse.newBuilder()
                        .setHistory(History.newBuilder().addAllEvents(List.copyOf(served)))
                        .build());
                response.onCompleted();
                if (appendAfterNextRead > 0) {
                    int count = appendAfterNextRead;
                    appendAfterNextRead = 0;
                    append(count);
                }
            }
            return;
        }
        longPolls.incrementAndGet();
        synchronized (this) {
            int from = served.size();
            if (closed()) {
                response.onNext(GetWorkflowExecutionHistoryResponse.getDefaultInstance());
                response.onCompleted();
                return;
            }
            while (served.size() == from) {
                if (Context.current().isCancelled()) {
                    cancelledLongPolls.incrementAndGet();
                    return;
                }
                try {
                    wait(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        response.onError(io.grpc.Status.UNKNOWN.asRuntimeException());
    }

    private static ByteString token(int from, int end) {
        return ByteString.copyFrom(
                ByteBuffer.allocate(8).putInt(from).putInt(end).array());
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
