package io.runlens.demo;

import static io.runlens.support.Waits.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged demo started as the README starts it, as a process, again and again (issue 18 item 5):
 * after three starts it lists only executions whose details come from its Temporal, the token the
 * first start printed still works on the third, and a port that is taken ends the start at once with
 * one line naming the port and the setting, before any banner or row.
 */
class DemoRestartIT {

    private static final Path APP = Path.of("target", "quarkus-app").toAbsolutePath();
    private static final String SCHEMA =
            System.getenv().getOrDefault("RUNLENS_TEST_SCHEMA", "runlens_test") + "_demo_restart";
    private static final Pattern TOKEN = Pattern.compile("export RUNLENS_TOKEN=(\\S+)");
    private static final Pattern API_KEY = Pattern.compile("export RUNLENS_API_KEY=(\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path home;

    /** The PostgreSQL the tests use (RUNLENS_DB_HOST/RUNLENS_DB_PORT, as the other modules' tests read them). */
    private static final String DB_HOST = System.getenv().getOrDefault("RUNLENS_DB_HOST", "127.0.0.1");

    private static final int DB_PORT = Integer.parseInt(System.getenv().getOrDefault("RUNLENS_DB_PORT", "5432"));

    @BeforeAll
    static void freshSchema() throws Exception {
        // Without a PostgreSQL that outlives the demo, each start falls back to a fresh embedded one of its
        // own, and a restart test would prove nothing: say so rather than pass.
        boolean answers;
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(DB_HOST, DB_PORT), 1000);
            answers = true;
        } catch (IOException e) {
            answers = false;
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(
                answers,
                "no PostgreSQL answers at " + DB_HOST + ":" + DB_PORT
                        + ": the demo's restarts need a database that outlives it; skipped");
        try (Statement statement = database().createStatement()) {
            statement.execute("drop schema if exists " + SCHEMA + " cascade");
        }
    }

    @Test
    void threeStartsInARowListOnlyExecutionsWithTheirHistoryAndTheFirstTokenStillWorks() throws Exception {
        String firstToken = null;
        String previousKey = null;
        for (int start = 1; start <= 3; start++) {
            try (Demo demo = Demo.start(freePort(), freePort(), freePort(), freePort())) {
                String output = demo.awaitReady();
                Matcher token = TOKEN.matcher(output);
                assertTrue(token.find(), output);
                if (firstToken == null) {
                    firstToken = token.group(1);
                }
                JsonNode listed = demo.get("/api/v1/executions?limit=100", token.group(1));
                List<String> problems = new ArrayList<>();
                int fromTemporal = 0;
                for (JsonNode execution : listed.get("items")) {
                    String id = execution.get("id").asText();
                    JsonNode details = demo.get("/api/v1/executions/" + id + "/details", token.group(1));
                    String source = details.at("/sources/temporal").asText();
                    if (execution.get("status").asText().equals("pending")) {
                        // The sample queued on purpose: no workflow was started for it, and its details say so.
                        if (!source.equals("not_found")) {
                            problems.add(id + " pending but sources.temporal=" + source);
                        }
                    } else if (source.equals("ok")
                            && details.at("/trace/timeline").size() > 0) {
                        fromTemporal++;
                    } else {
                        problems.add(id + " " + execution.get("status") + " sources.temporal=" + source);
                    }
                }
                assertEquals(List.of(), problems, "start " + start);
                // Twelve samples, a few of them written as their workflows go on; never an earlier start's.
                int count = listed.get("items").size();
                assertTrue(count >= 10 && count <= 12, "start " + start + " listed " + count);
                assertTrue(fromTemporal >= count - 1, "start " + start + ": " + fromTemporal + " of " + count);
                assertTrue(demoRows() <= 12, "start " + start + ": " + demoRows() + " demo rows");
                // The first start's token, printed before two restarts, is still accepted.
                assertEquals(200, demo.status("/api/v1/executions?limit=1", firstToken), "start " + start);
                // The API key is new at each start (the banner says so): the last one works, the one before does not,
                // and the demo's own keys do not pile up.
                Matcher key = API_KEY.matcher(output);
                assertTrue(key.find(), output);
                assertEquals(200, demo.status("/api/v1/executions?limit=1", key.group(1)), "start " + start);
                if (previousKey != null) {
                    assertEquals(401, demo.status("/api/v1/executions?limit=1", previousKey), "start " + start);
                }
                previousKey = key.group(1);
                assertEquals(1, demoKeys(), "start " + start + ": the demo's API keys");
            }
        }
    }

    @Test
    void aTakenPortEndsTheStartWithOneLineBeforeAnythingIsPrintedOrWritten() throws Exception {
        try (Demo ready = Demo.start(freePort(), freePort(), freePort(), freePort())) {
            ready.awaitReady();
        }
        int rowsBefore = demoRows();
        String[] settings = {
            "runlens.demo.temporal-port", "runlens.demo.codec-port", "quarkus.http.port", "quarkus.management.port"
        };
        for (int which = 0; which < settings.length; which++) {
            try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int[] ports = {freePort(), freePort(), freePort(), freePort()};
                ports[which] = taken.getLocalPort();
                try (Demo demo = Demo.start(ports[0], ports[1], ports[2], ports[3])) {
                    assertTrue(demo.process.waitFor(60, TimeUnit.SECONDS), settings[which] + " clash did not end it");
                    String output = demo.output();
                    assertEquals(1, demo.process.exitValue(), output);
                    List<String> lines = output.lines()
                            .filter(line -> line.contains("already in use"))
                            .toList();
                    assertEquals(1, lines.size(), output);
                    assertTrue(lines.get(0).contains("port " + taken.getLocalPort()), output);
                    assertTrue(lines.get(0).contains(settings[which]), output);
                    assertFalse(output.contains("Runlens demo is ready"), output);
                    assertFalse(output.contains("RUNLENS_TOKEN"), output);
                    assertFalse(output.contains("\tat "), "no stack trace: " + output);
                }
            }
            assertEquals(rowsBefore, demoRows(), settings[which] + " clash wrote rows");
        }
    }

    private static int demoRows() throws Exception {
        try (Statement statement = database().createStatement();
                ResultSet rows = statement.executeQuery(
                        "select count(*) from " + SCHEMA + ".execution where organization_id = 'demo'")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static int demoKeys() throws Exception {
        try (Statement statement = database().createStatement();
                ResultSet rows = statement.executeQuery("select count(*) from " + SCHEMA
                        + ".api_key where organization_id = 'demo' and created_by = 'demo'")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static Connection database() throws Exception {
        Properties login = new Properties();
        login.setProperty("user", "postgres");
        return new org.postgresql.Driver().connect("jdbc:postgresql://" + DB_HOST + ":" + DB_PORT + "/postgres", login);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static final class Demo implements AutoCloseable {
        final Process process;
        final Path log;
        final int httpPort;

        private Demo(Process process, Path log, int httpPort) {
            this.process = process;
            this.log = log;
            this.httpPort = httpPort;
        }

        static Demo start(int temporalPort, int codecPort, int httpPort, int managementPort) throws IOException {
            assertTrue(Files.isRegularFile(APP.resolve("quarkus-run.jar")), "run after the package phase: " + APP);
            List<String> command = List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dquarkus.profile=demo",
                    "-Drunlens.db.schema=" + SCHEMA,
                    "-Drunlens.db.host=" + DB_HOST,
                    "-Drunlens.db.port=" + DB_PORT,
                    "-Drunlens.demo.temporal-port=" + temporalPort,
                    "-Drunlens.demo.codec-port=" + codecPort,
                    "-Dquarkus.http.port=" + httpPort,
                    "-Dquarkus.management.port=" + managementPort,
                    "-Drunlens.demo.signing-key-file=" + home.resolve("demo-signing-key.pem"),
                    "-jar",
                    "quarkus-run.jar");
            Path log = Files.createTempFile("runlens-demo", ".log");
            Process process = new ProcessBuilder(command)
                    .directory(APP.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            return new Demo(process, log, httpPort);
        }

        String output() throws IOException {
            return Files.readString(log);
        }

        String awaitReady() {
            return await().atMost(Duration.ofSeconds(180))
                    .pollInterval(Duration.ofMillis(200))
                    .until(
                            () -> {
                                String output = output();
                                if (!process.isAlive() && !isReady(output)) {
                                    throw new AssertionError("the demo ended before it was ready: " + output);
                                }
                                return output;
                            },
                            Demo::isReady);
        }

        private static boolean isReady(String output) {
            return output.contains("Runlens demo is ready")
                    && TOKEN.matcher(output).find();
        }

        JsonNode get(String path, String token) throws Exception {
            HttpResponse<String> response = HTTP.send(request(path, token), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), path + ": " + response.body());
            return JSON.readTree(response.body());
        }

        int status(String path, String token) throws Exception {
            return HTTP.send(request(path, token), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        }

        private HttpRequest request(String path, String token) {
            return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                    .header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofSeconds(30))
                    .build();
        }

        @Override
        public void close() throws Exception {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            }
            Files.deleteIfExists(log);
        }
    }
}
