package io.runlens.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy between Runlens and a backend that breaks the link on purpose:
 * <ul>
 * <li>{@link Mode#PASS}: forwards, after {@link #delayMillis(long)} of one-way latency (each chunk is
 * forwarded that long after it arrived, in order: a link's latency, not a per-packet penalty);</li>
 * <li>{@link Mode#RESET}: resets every open connection (RST) and every new one;</li>
 * <li>{@link Mode#BLACKHOLE}: a partition: accepts and reads, but nothing gets through either way while
 * it lasts; what was sent is held and arrives once the link heals, as TCP's retransmissions deliver
 * it (a proxy that dropped it would leave the peers out of step, which no real network does);</li>
 * <li>{@link Mode#CUT}: lets requests through, then cuts each connection partway through the next answer;</li>
 * <li>{@link Mode#DOWN}: closes every open connection and refuses new ones (closed at once), as a
 * restarting server does.</li>
 * </ul>
 */
public final class FaultProxy implements AutoCloseable {

    public enum Mode {
        PASS,
        RESET,
        BLACKHOLE,
        CUT,
        DOWN
    }

    private final ServerSocket listener;
    private final InetSocketAddress upstream;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private volatile long delayNanos;
    private volatile Mode mode = Mode.PASS;

    public FaultProxy(String host, int port) {
        this.upstream = new InetSocketAddress(host, port);
        try {
            this.listener = new ServerSocket(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        daemon("fault-proxy-accept", this::acceptLoop);
    }

    public int port() {
        return listener.getLocalPort();
    }

    public void delayMillis(long millis) {
        this.delayNanos = TimeUnit.MILLISECONDS.toNanos(millis);
    }

    /** Switches the fault; RESET and DOWN act on open connections at once, the others from their next bytes. */
    public void mode(Mode mode) {
        synchronized (this) {
            this.mode = mode;
            notifyAll();
        }
        if (mode == Mode.RESET) {
            links.forEach(link -> link.close(true));
        } else if (mode == Mode.DOWN) {
            links.forEach(link -> link.close(false));
        }
    }

    /** Back to a healthy link with no latency. */
    public void heal() {
        delayMillis(0);
        mode(Mode.PASS);
    }

    private final class Link {
        final Socket client;
        volatile Socket server;

        Link(Socket client) {
            this.client = client;
        }

        void close(boolean reset) {
            closeQuietly(client, reset);
            if (server != null) {
                closeQuietly(server, reset);
            }
            links.remove(this);
        }
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
                client.setTcpNoDelay(true);
            } catch (IOException e) {
                return;
            }
            Link link = new Link(client);
            links.add(link);
            switch (mode) {
                case RESET -> link.close(true);
                case DOWN -> link.close(false);
                default -> daemon("fault-proxy-connect", () -> connect(link));
            }
        }
    }

    private void connect(Link link) {
        try {
            Socket server = new Socket();
            server.connect(upstream);
            server.setTcpNoDelay(true);
            link.server = server;
        } catch (IOException e) {
            link.close(true);
            return;
        }
        BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        daemon("fault-proxy-read", () -> readRequests(link, queue));
        daemon("fault-proxy-write", () -> writeWhenDue(link, queue));
        daemon("fault-proxy-back", () -> answers(link));
    }

    private record Chunk(long dueNanos, byte[] bytes) {}

    private static final Chunk END = new Chunk(0, new byte[0]);

    private void readRequests(Link link, BlockingQueue<Chunk> queue) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = link.client.getInputStream()) {
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

    private void writeWhenDue(Link link, BlockingQueue<Chunk> queue) {
        try (OutputStream out = link.server.getOutputStream()) {
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
                awaitPassable();
                out.write(chunk.bytes());
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // connection closed
        } finally {
            link.close(false);
        }
    }

    private void answers(Link link) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = link.server.getInputStream();
                OutputStream out = link.client.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                awaitPassable();
                if (mode == Mode.CUT) {
                    out.write(buffer, 0, Math.max(1, n / 2));
                    out.flush();
                    link.close(true);
                    return;
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // connection closed
        } finally {
            link.close(false);
        }
    }

    // While a partition lasts, bytes wait here; healing (or closing the proxy) lets them go on.
    private synchronized void awaitPassable() throws InterruptedException {
        while (mode == Mode.BLACKHOLE && !listener.isClosed()) {
            wait();
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket, boolean reset) {
        try {
            if (reset && !socket.isClosed()) {
                socket.setSoLinger(true, 0);
            }
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
        synchronized (this) {
            notifyAll();
        }
        links.forEach(link -> link.close(false));
    }
}
