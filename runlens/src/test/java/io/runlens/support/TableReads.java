package io.runlens.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * What PostgreSQL's statistics say was read from a table of the test schema: sequential scans and
 * rows read by them, index scans and rows fetched through them ({@code pg_stat_user_tables}). They
 * show what the application's own queries cost, whatever SQL Hibernate made of them. A backend
 * publishes its counts when it goes idle, at most once a second, and otherwise at the latest after
 * 10 s idle (PostgreSQL 15's {@code PGSTAT_IDLE_INTERVAL}): {@link #settle()} waits that out.
 */
public final class TableReads {

    /** A little more than PostgreSQL's 10 s: by then every idle backend has published what it counted. */
    public static final long PUBLISHED_WITHIN_MS = 11_500;

    private TableReads() {}

    /** The counters at one moment. */
    public record Counts(long seqScans, long seqRowsRead, long indexScans, long indexRowsFetched) {

        /** What happened between {@code before} and this. */
        public Counts minus(Counts before) {
            return new Counts(
                    seqScans - before.seqScans,
                    seqRowsRead - before.seqRowsRead,
                    indexScans - before.indexScans,
                    indexRowsFetched - before.indexRowsFetched);
        }
    }

    public static Counts of(DataSource dataSource, String table) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        select seq_scan, seq_tup_read, coalesce(idx_scan, 0), coalesce(idx_tup_fetch, 0)
                        from pg_stat_user_tables where schemaname = current_schema() and relname = ?""")) {
            select.setString(1, table);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("no statistics for table " + table);
                }
                return new Counts(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read table statistics", e);
        }
    }

    /** Waits until every backend has published what it counted so far. */
    public static void settle() {
        pause(PUBLISHED_WITHIN_MS);
    }

    /**
     * What {@code work}, one query, read from {@code table}. Call after {@link #settle()}, so that nothing
     * else is pending: after a second without queries, a backend publishes as soon as its next query ends.
     */
    public static Counts ofOneQuery(DataSource dataSource, String table, Runnable work) {
        pause(1100);
        Counts before = of(dataSource, table);
        work.run();
        long giveUpAt = System.nanoTime() + PUBLISHED_WITHIN_MS * 1_000_000L;
        Counts now = of(dataSource, table);
        while (now.equals(before) && System.nanoTime() < giveUpAt) {
            pause(50);
            now = of(dataSource, table);
        }
        // One backend publishes its table and index counts one after the other: let it finish.
        pause(300);
        return of(dataSource, table).minus(before);
    }

    /** What {@code work}, any number of queries, read from {@code table}. Call after {@link #settle()}. */
    public static Counts during(DataSource dataSource, String table, Runnable work) {
        Counts before = of(dataSource, table);
        work.run();
        settle();
        return of(dataSource, table).minus(before);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
