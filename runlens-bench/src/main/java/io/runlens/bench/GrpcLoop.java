package io.runlens.bench;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * The Temporal floor: the same calls Runlens makes, from a direct async gRPC client ({@code futureStub()}
 * on a plain Netty channel, as Runlens builds it) in a closed loop of {@code concurrency} calls in flight.
 */
final class GrpcLoop implements AutoCloseable {

    private final ManagedChannel channel;
    private final WorkflowServiceGrpc.WorkflowServiceFutureStub stub;

    GrpcLoop(String target) {
        channel = NettyChannelBuilder.forTarget(target)
                .usePlaintext()
                .maxInboundMessageSize(128 * 1024 * 1024)
                .build();
        stub = WorkflowServiceGrpc.newFutureStub(channel);
    }

    /** Every page of the run's history, as Runlens reads it (1,000 events a page). */
    ListenableFuture<Integer> history(String workflowId, String runId) {
        return page(workflowId, runId, ByteString.EMPTY, 0);
    }

    private ListenableFuture<Integer> page(String workflowId, String runId, ByteString token, int eventsSoFar) {
        ListenableFuture<GetWorkflowExecutionHistoryResponse> page = stub.withDeadlineAfter(30, TimeUnit.SECONDS)
                .getWorkflowExecutionHistory(GetWorkflowExecutionHistoryRequest.newBuilder()
                        .setNamespace("default")
                        .setExecution(WorkflowExecution.newBuilder()
                                .setWorkflowId(workflowId)
                                .setRunId(runId))
                        .setMaximumPageSize(1000)
                        .setNextPageToken(token)
                        .build());
        return Futures.transformAsync(
                page,
                answer -> {
                    int events = eventsSoFar + answer.getHistory().getEventsCount();
                    return answer.getNextPageToken().isEmpty()
                            ? Futures.immediateFuture(events)
                            : page(workflowId, runId, answer.getNextPageToken(), events);
                },
                MoreExecutors.directExecutor());
    }

    /** Describe, then every page of the history of the run describe named: the Temporal branch of a details request. */
    ListenableFuture<Integer> describeThenHistory(String workflowId) {
        return Futures.transformAsync(
                stub.withDeadlineAfter(30, TimeUnit.SECONDS)
                        .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                                .setNamespace("default")
                                .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                                .build()),
                described -> history(
                        workflowId,
                        described.getWorkflowExecutionInfo().getExecution().getRunId()),
                MoreExecutors.directExecutor());
    }

    /**
     * Keeps {@code concurrency} calls in flight for {@code warmupSeconds} (not recorded), then for
     * {@code seconds}; latency percentiles and throughput of the calls that completed in the measured window.
     */
    static Sample measure(Supplier<ListenableFuture<?>> call, int concurrency, int warmupSeconds, int seconds) {
        ConcurrentHistogram latencies = new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(60), 3);
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        long measureFrom = start + TimeUnit.SECONDS.toNanos(warmupSeconds);
        long end = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
        CountDownLatch chains = new CountDownLatch(concurrency);
        for (int i = 0; i < concurrency; i++) {
            next(call, latencies, errors, measureFrom, end, chains);
        }
        try {
            if (!chains.await(seconds + warmupSeconds + 120L, TimeUnit.SECONDS)) {
                throw new IllegalStateException("gRPC calls did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        long count = latencies.getTotalCount();
        return new Sample(
                latencies.getValueAtPercentile(50) / 1e6,
                latencies.getValueAtPercentile(99) / 1e6,
                count / (double) seconds,
                count,
                errors.get(),
                "");
    }

    private static void next(
            Supplier<ListenableFuture<?>> call,
            ConcurrentHistogram latencies,
            AtomicLong errors,
            long measureFrom,
            long end,
            CountDownLatch chains) {
        long sent = System.nanoTime();
        if (sent >= end) {
            chains.countDown();
            return;
        }
        Futures.addCallback(
                call.get(),
                new FutureCallback<Object>() {
                    @Override
                    public void onSuccess(Object result) {
                        long done = System.nanoTime();
                        if (sent >= measureFrom && done <= end) {
                            latencies.recordValue(done - sent);
                        }
                        next(call, latencies, errors, measureFrom, end, chains);
                    }

                    @Override
                    public void onFailure(Throwable failure) {
                        errors.incrementAndGet();
                        next(call, latencies, errors, measureFrom, end, chains);
                    }
                },
                MoreExecutors.directExecutor());
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
