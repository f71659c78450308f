package io.runlens.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy that adds a one-way latency to everything the client sends: each chunk is forwarded
 * {@code delay} after it arrived, in order, so a request/response round trip costs one delay however
 * many chunks it takes (a link's latency, not a per-packet penalty).
 */
public final class DelayProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final InetSocketAddress upstream;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile long delayNanos;

    public DelayProxy(String host, int port) {
        this.upstream = new InetSocketAddress(host, port);
        try {
            this.listener = new ServerSocket(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        daemon("delay-proxy-accept", this::acceptLoop);
    }

    public int port() {
        return listener.getLocalPort();
    }

    public void delayMillis(long millis) {
        this.delayNanos = TimeUnit.MILLISECONDS.toNanos(millis);
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                server.connect(upstream);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(server);
                BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
                daemon("delay-proxy-read", () -> read(client, queue));
                daemon("delay-proxy-write", () -> writeWhenDue(queue, server));
                daemon("delay-proxy-back", () -> copy(server, client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private record Chunk(long dueNanos, byte[] bytes) {
    }

    private static final Chunk END = new Chunk(0, new byte[0]);

    private void read(Socket from, BlockingQueue<Chunk> queue) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                queue.add(new Chunk(System.nanoTime() + delayNanos, Arrays.copyOf(buffer, n)));
            }
        } catch (IOException e) {
            // connection closed
        } finally {
            queue.add(END);
        }
    }

    private static void writeWhenDue(BlockingQueue<Chunk> queue, Socket to) {
        try (OutputStream out = to.getOutputStream()) {
            while (true) {
                Chunk chunk = queue.take();
                if (chunk == END) {
                    return;
                }
                long wait = chunk.dueNanos() - System.nanoTime();
                if (wait > 0) {
                    // The latency being simulated, not a wait for a condition.
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                out.write(chunk.bytes());
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // connection closed
        } finally {
            closeQuietly(to);
        }
    }

    private static void copy(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // connection closed
        } finally {
            closeQuietly(to);
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // already closed
        }
        sockets.forEach(DelayProxy::closeQuietly);
    }
}
