package io.runlens.support.temporal;

import com.google.protobuf.ByteString;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.stub.StreamObserver;
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
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Temporal frontend on a TCP port that serves one recorded history in pages of the size each
 * request asks for, with {@code nextPageToken}s, as a real server does (the in-process test server
 * returns whole histories in one page). It records every page request.
 */
public final class PagedHistoryService extends WorkflowServiceGrpc.WorkflowServiceImplBase implements AutoCloseable {

    private final String workflowId;
    private final List<HistoryEvent> events;
    private final DescribeWorkflowExecutionResponse describe;
    private final List<Integer> requestedPageSizes = new CopyOnWriteArrayList<>();
    private final List<Metadata> requestHeaders = new CopyOnWriteArrayList<>();
    private final Server server;

    public PagedHistoryService(
            String workflowId, List<HistoryEvent> events, DescribeWorkflowExecutionResponse describe) {
        this(workflowId, events, describe, null);
    }

    /** With {@code tls}, serves over TLS (the test CA's server certificate), requiring client certificates if asked. */
    public PagedHistoryService(
            String workflowId, List<HistoryEvent> events, DescribeWorkflowExecutionResponse describe, ClientAuth tls) {
        this.workflowId = workflowId;
        this.events = events;
        this.describe = describe;
        try {
            NettyServerBuilder builder = NettyServerBuilder.forPort(0)
                    .addService(ServerInterceptors.intercept(this, new ServerInterceptor() {
                        @Override
                        public <Q, R> ServerCall.Listener<Q> interceptCall(
                                ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
                            requestHeaders.add(headers);
                            return next.startCall(call, headers);
                        }
                    }));
            if (tls != null) {
                try (InputStream cert = resource("tls/server.pem");
                        InputStream key = resource("tls/server.key");
                        InputStream ca = resource("tls/ca.pem")) {
                    builder.sslContext(GrpcSslContexts.forServer(cert, key)
                            .trustManager(ca)
                            .clientAuth(tls)
                            .build());
                }
            }
            this.server = builder.build().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String name) {
        return PagedHistoryService.class.getClassLoader().getResourceAsStream(name);
    }

    /** Headers of every call received. */
    public List<Metadata> requestHeaders() {
        return requestHeaders;
    }

    public String target() {
        return "127.0.0.1:" + server.getPort();
    }

    public List<Integer> requestedPageSizes() {
        return requestedPageSizes;
    }

    @Override
    public void getSystemInfo(GetSystemInfoRequest request, StreamObserver<GetSystemInfoResponse> response) {
        response.onNext(GetSystemInfoResponse.getDefaultInstance());
        response.onCompleted();
    }

    @Override
    public void describeWorkflowExecution(
            DescribeWorkflowExecutionRequest request, StreamObserver<DescribeWorkflowExecutionResponse> response) {
        if (!request.getExecution().getWorkflowId().equals(workflowId)) {
            response.onError(
                    Status.NOT_FOUND.withDescription("workflow not found").asRuntimeException());
            return;
        }
        response.onNext(describe);
        response.onCompleted();
    }

    @Override
    public void getWorkflowExecutionHistory(
            GetWorkflowExecutionHistoryRequest request, StreamObserver<GetWorkflowExecutionHistoryResponse> response) {
        if (!request.getExecution().getWorkflowId().equals(workflowId)) {
            response.onError(
                    Status.NOT_FOUND.withDescription("workflow not found").asRuntimeException());
            return;
        }
        int pageSize = request.getMaximumPageSize() > 0 ? request.getMaximumPageSize() : 1000;
        requestedPageSizes.add(pageSize);
        int from = request.getNextPageToken().isEmpty()
                ? 0
                : ByteBuffer.wrap(request.getNextPageToken().toByteArray()).getInt();
        int to = Math.min(from + pageSize, events.size());
        GetWorkflowExecutionHistoryResponse.Builder page = GetWorkflowExecutionHistoryResponse.newBuilder()
                .setHistory(History.newBuilder().addAllEvents(events.subList(from, to)));
        if (to < events.size()) {
            page.setNextPageToken(
                    ByteString.copyFrom(ByteBuffer.allocate(4).putInt(to).array()));
        }
        response.onNext(page.build());
        response.onCompleted();
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
