package io.runlens.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Temporal frontend that is down without saying so: a TCP port that accepts and then stays silent,
 * like a hung frontend. Runlens is pointed at it with a 1 s {@code runlens.temporal.fetch-deadline}.
 */
public class SilentTemporal implements QuarkusTestResourceLifecycleManager {
    private ServerSocket server;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    @Override
    public Map<String, String> start() {
        try {
            server = new ServerSocket(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(
                () -> {
                    while (!server.isClosed()) {
                        try {
                            accepted.add(server.accept());
                        } catch (IOException e) {
                            return;
                        }
                    }
                },
                "temporal-blackhole");
        acceptor.setDaemon(true);
        acceptor.start();
        return Map.of(
                "runlens.temporal.target",
                "127.0.0.1:" + server.getLocalPort(),
                "runlens.temporal.fetch-deadline",
                "1s");
    }

    @Override
    public void stop() {
        try {
            server.close();
            for (Socket socket : accepted) {
                socket.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
