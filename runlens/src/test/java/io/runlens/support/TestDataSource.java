package io.runlens.support;

import io.runlens.config.RunlensConfig;
import io.runlens.execution.SchemaMigrations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.Optional;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The tests' JDBC access to the schema under test, for writing rows as a platform would and reading
 * back what Runlens wrote. The service itself keeps no JDBC pool (it reads reactively), so the tests
 * bring their own: a connection per use, to the same schema the migrations created.
 */
@ApplicationScoped
public class TestDataSource {

    @Produces
    @ApplicationScoped
    DataSource dataSource(
            RunlensConfig config,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(SchemaMigrations.jdbcUrl(config.db()));
        dataSource.setUser(user);
        dataSource.setPassword(password.orElse(""));
        return dataSource;
    }
}
