package io.runlens.execution;

import io.runlens.config.DbConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The relation execution rows are read from ({@code runlens.db.executions.relation}), and what it
 * must hold. Hibernate's mapping of {@link ExecutionRecord} is built with the application, so its
 * table name ({@code execution}) cannot change at run time; its schema can (Hibernate's default schema
 * is a run-time setting). When the rows live elsewhere, Runlens therefore reads them through a view
 * {@code execution} in its own schema that selects the needed columns from the configured relation:
 * PostgreSQL expands such a view into the query, so a lookup through it uses the platform's indexes as
 * a query on the relation itself would, and every HQL query stays as it is.
 */
public final class ExecutionRelation {

    /** The table name {@link ExecutionRecord} is mapped to, in Runlens's schema. */
    public static final String MAPPED_NAME = "execution";

    // Unquoted PostgreSQL identifiers as they are stored (folded to lower case), at most 63 bytes.
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_$]{0,62}");

    /** A column of the execution row: its type and whether a link view may fill it in when absent. */
    record Column(String name, String type, Set<String> accepted, Optional<String> fill) {

        static Column required(String name, String type, String... alsoAccepted) {
            return new Column(name, type, accepted(type, alsoAccepted), Optional.empty());
        }

        static Column optional(String name, String type, String fill, String... alsoAccepted) {
            return new Column(name, type, accepted(type, alsoAccepted), Optional.of(fill));
        }

        private static Set<String> accepted(String type, String... also) {
            Set<String> all = new java.util.LinkedHashSet<>(List.of(type));
            all.addAll(List.of(also));
            return all;
        }
    }

    private static final String TEXT = "text";
    private static final String VARCHAR = "character varying";
    private static final String TIMESTAMPTZ = "timestamp with time zone";

    /** Every column {@link ExecutionRecord} maps, in V1's order. */
    static final List<Column> COLUMNS = List.of(
            Column.required("id", "uuid"),
            Column.required("organization_id", TEXT, VARCHAR),
            Column.required("workflow_id", TEXT, VARCHAR),
            Column.required("temporal_namespace", TEXT, VARCHAR),
            Column.required("temporal_workflow_id", TEXT, VARCHAR),
            Column.required("temporal_run_id", TEXT, VARCHAR),
            Column.optional("task_queue", TEXT, "null::text", VARCHAR),
            Column.optional("workflow_type", TEXT, "null::text", VARCHAR),
            Column.required("status", TEXT, VARCHAR),
            Column.optional("payload", "jsonb", "null::jsonb", "json"),
            Column.optional("result", "jsonb", "null::jsonb", "json"),
            Column.optional("error", TEXT, "null::text", VARCHAR),
            Column.optional("retry_count", "integer", "0"),
            Column.required("created_at", TIMESTAMPTZ),
            Column.optional("started_at", TIMESTAMPTZ, "null::timestamptz"),
            Column.optional("completed_at", TIMESTAMPTZ, "null::timestamptz"),
            Column.optional("cancelled_at", TIMESTAMPTZ, "null::timestamptz"),
            Column.optional("cancelled_by", TEXT, "null::text", VARCHAR),
            Column.optional("parent_execution_id", "uuid", "null::uuid"),
            Column.optional("root_execution_id", "uuid", "null::uuid"),
            Column.optional("queue_name", TEXT, "null::text", VARCHAR),
            Column.optional("concurrency_key", TEXT, "null::text", VARCHAR),
            Column.optional("batch_id", TEXT, "null::text", VARCHAR),
            Column.optional("session_id", TEXT, "null::text", VARCHAR),
            Column.optional("user_id", TEXT, "null::text", VARCHAR),
            Column.optional("deployment_id", TEXT, "null::text", VARCHAR),
            Column.optional("step_key", TEXT, "null::text", VARCHAR),
            Column.optional("output_schema_name", TEXT, "null::text", VARCHAR),
            Column.optional("run_timeout_seconds", "integer", "null::integer"),
            Column.optional("assigned_to_worker", TEXT, "null::text", VARCHAR),
            Column.optional("trigger_event_name", TEXT, "null::text", VARCHAR),
            Column.optional("column_config", "jsonb", "null::jsonb", "json"),
            Column.required("updated_at", TIMESTAMPTZ),
            Column.optional("version", "bigint", "0::bigint", "integer"));

    private final String schema;
    private final String name;
    private final boolean linked;

    private ExecutionRelation(String schema, String name, boolean linked) {
        this.schema = schema;
        this.name = name;
        this.linked = linked;
    }

    /**
     * The relation {@code db} names. Fails with a message naming the setting when the name is not a
     * lower-case unquoted identifier ({@code schema.name} or {@code name}), or when the relation is
     * elsewhere while Runlens is also asked to manage the execution table.
     */
    public static ExecutionRelation of(DbConfig db) {
        DbConfig.Executions executions = db.executions();
        if (executions.relation().isEmpty()) {
            return new ExecutionRelation(db.schema(), MAPPED_NAME, false);
        }
        String given = executions.relation().get().trim();
        String[] parts = given.split("\\.", -1);
        boolean valid = parts.length >= 1
                && parts.length <= 2
                && List.of(parts).stream()
                        .allMatch(part -> IDENTIFIER.matcher(part).matches());
        if (!valid) {
            throw new IllegalStateException("runlens.db.executions.relation must be schema.name or name, each a"
                    + " lower-case unquoted SQL identifier ([a-z_][a-z0-9_$]*, at most 63 characters) (was \""
                    + given + "\")");
        }
        String schema = parts.length == 2 ? parts[0] : db.schema();
        String name = parts[parts.length - 1];
        boolean linked = !(schema.equals(db.schema()) && name.equals(MAPPED_NAME));
        if (linked && executions.managed()) {
            throw new IllegalStateException("runlens.db.executions.relation names " + schema + "." + name
                    + ", which Runlens does not manage: set runlens.db.executions.managed=false");
        }
        return new ExecutionRelation(schema, name, linked);
    }

    /** {@code schema.name}, quoted for SQL (both parts are checked identifiers). */
    public String qualified() {
        return quote(schema) + "." + quote(name);
    }

    /** {@code schema.name} as the operator wrote it, for messages. */
    public String displayName() {
        return schema + "." + name;
    }

    /** Whether rows are read through a view {@code execution} in Runlens's schema (the relation is elsewhere). */
    public boolean linked() {
        return linked;
    }

    /**
     * What is wrong with the relation, one line per missing or mistyped column (empty if nothing):
     * read from pg_attribute, so tables, views, materialized views and foreign tables alike.
     */
    public List<String> problems(Connection connection) throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        boolean exists;
        boolean readable = true;
        try (PreparedStatement query = connection.prepareStatement("""
                select c.oid is not null, has_table_privilege(c.oid, 'SELECT'), a.attname, format_type(a.atttypid, null)
                from (select to_regclass(?) as oid) c
                left join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped""")) {
            query.setString(1, qualified());
            try (ResultSet rows = query.executeQuery()) {
                exists = false;
                while (rows.next()) {
                    exists = rows.getBoolean(1);
                    if (exists) {
                        readable = rows.getBoolean(2);
                    }
                    if (rows.getString(3) != null) {
                        types.put(rows.getString(3), rows.getString(4));
                    }
                }
            }
        }
        String where = "execution relation " + displayName() + " (runlens.db.executions.relation)";
        if (!exists) {
            return List.of(where + " does not exist, or is not visible to the database user");
        }
        List<String> problems = new ArrayList<>();
        if (!readable) {
            problems.add(where + " is not readable: GRANT SELECT ON " + qualified() + " to the database user");
        }
        for (Column column : COLUMNS) {
            String type = types.get(column.name());
            if (type == null) {
                if (column.fill().isEmpty() || !linked) {
                    problems.add(where + " has no column " + column.name() + " (" + column.type() + ")");
                }
            } else if (!column.accepted().contains(type)) {
                problems.add(where + " column " + column.name() + " is " + type + ", expected "
                        + String.join(" or ", column.accepted()));
            }
        }
        return problems;
    }

    /**
     * Makes {@code execution} in Runlens's schema a view over the relation: its columns, and each
     * optional column it lacks as a constant. Replaced at every start, under a transaction-scoped
     * advisory lock so that replicas starting together do not race; refuses to replace a table.
     */
    public void link(Connection connection, String runlensSchema) throws SQLException {
        Set<String> present = new java.util.HashSet<>();
        try (PreparedStatement query = connection.prepareStatement(
                "select attname from pg_attribute where attrelid = to_regclass(?) and attnum > 0 and not attisdropped")) {
            query.setString(1, qualified());
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    present.add(rows.getString(1));
                }
            }
        }
        String select = COLUMNS.stream()
                .map(column -> present.contains(column.name())
                        ? quote(column.name())
                        : column.fill().orElseThrow() + " as " + quote(column.name()))
                .collect(Collectors.joining(", "));
        String link = quote(runlensSchema) + "." + quote(MAPPED_NAME);
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement();
                PreparedStatement kind =
                        connection.prepareStatement("select c.relkind from pg_class c where c.oid = to_regclass(?)")) {
            statement.execute("select pg_advisory_xact_lock(hashtext('runlens.execution-link'))");
            kind.setString(1, link);
            try (ResultSet rows = kind.executeQuery()) {
                if (rows.next() && !"v".equals(rows.getString(1))) {
                    throw new IllegalStateException(runlensSchema + "." + MAPPED_NAME
                            + " is a table (Runlens managed it before): with runlens.db.executions.relation set,"
                            + " Runlens reads " + displayName() + " through a view of that name; drop the table"
                            + " or choose another runlens.db.schema");
                }
            }
            statement.execute("drop view if exists " + link);
            statement.execute("create view " + link + " as select " + select + " from " + qualified());
            statement.execute("comment on view " + link + " is 'Runlens reads execution rows from " + displayName()
                    + " through this view (runlens.db.executions.relation); re-created at every start.'");
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier + "\"";
    }
}
