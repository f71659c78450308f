package io.runlens.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * A platform's own schema, created before Runlens starts: the recipe's DDL and view from
 * {@code src/test/resources/adopting/<recipe>.sql} (the text docs/adopting.md shows) run in a schema of
 * their own, then Runlens pointed at the view with {@code runlens.db.executions.*}; plus the in-process
 * Temporal service. Init args: {@code recipe} (the file's name) and {@code view}.
 */
public class PlatformRecipe extends TemporalTestService {

    private String recipe;
    private String view;

    /** The schema a recipe's tables live in: the tests' schema with the recipe's name after it. */
    public static String schema(String recipe) {
        return System.getenv().getOrDefault("RUNLENS_TEST_SCHEMA", "runlens_test") + "_" + recipe;
    }

    /** The recipe's SQL, as docs/adopting.md shows it. */
    public static String sql(String recipe) {
        try (InputStream in =
                PlatformRecipe.class.getClassLoader().getResourceAsStream("adopting/" + recipe + ".sql")) {
            if (in == null) {
                throw new IllegalStateException("no recipe adopting/" + recipe + ".sql");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JDBC connection to the tests' PostgreSQL ({@link TestDatabase}), made before Runlens starts. */
    static Connection connect() throws SQLException {
        return TestDatabase.connect();
    }

    @Override
    public void init(Map<String, String> initArgs) {
        recipe = initArgs.get("recipe");
        view = initArgs.get("view");
    }

    @Override
    public Map<String, String> start() {
        String schema = schema(recipe);
        try (Connection connection = connect();
                Statement statement = connection.createStatement()) {
            // CASCADE: the view Runlens made over the previous run's relation goes with it.
            statement.execute("drop schema if exists " + schema + " cascade");
            statement.execute("create schema " + schema);
            statement.execute("set search_path to " + schema);
            statement.execute(sql(recipe));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the " + recipe + " platform schema " + schema, e);
        }
        Map<String, String> config = new HashMap<>(super.start());
        config.put("runlens.db.executions.relation", schema + "." + view);
        config.put("runlens.db.executions.managed", "false");
        return config;
    }
}
