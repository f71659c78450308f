package io.runlens.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.runlens.stream.RowChanges;
import io.runlens.support.Waits;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The connection that LISTENs for row changes is one of the reactive pool's, so every setting of the
 * pool applies to it: TLS and its trust settings (which a connection built from the URL alone would
 * drop, leaving a database that requires TLS without notifications), credentials and additional
 * properties. Seen here through the pool's {@code application_name}, which PostgreSQL reports for the
 * listener's backend.
 */
@QuarkusTest
class ListenerConnectionTest {

    private final RowChanges changes;
    private final DataSource dataSource;

    ListenerConnectionTest(RowChanges changes, DataSource dataSource) {
        this.changes = changes;
        this.dataSource = dataSource;
    }

    @Test
    void theListenerIsMadeWithThePoolsSettings() throws Exception {
        Waits.await().atMost(Duration.ofSeconds(10)).until(changes::pushed);
        int listener = changes.listenerProcessId().orElseThrow();
        String configured = ConfigProvider.getConfig()
                .getValue("quarkus.datasource.reactive.additional-properties.application_name", String.class);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement backend = connection.prepareStatement(
                        "select application_name, query from pg_stat_activity where pid = ?")) {
            backend.setInt(1, listener);
            try (ResultSet row = backend.executeQuery()) {
                assertTrue(row.next(), "the listener's backend " + listener + " is in pg_stat_activity");
                assertEquals(configured, row.getString("application_name"));
                assertEquals("LISTEN " + RowChanges.CHANNEL, row.getString("query"), "its last statement");
            }
        }
    }
}
