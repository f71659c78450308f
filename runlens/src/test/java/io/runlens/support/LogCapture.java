package io.runlens.support;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Level;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.Logger;

/**
 * Everything the application logs while open, as the console would print it: each record's formatted
 * message, its MDC and its exception with causes and stack. Tests in {@code @QuarkusTest} share the
 * JVM (and the JBoss LogManager) with the application, so a handler on the root logger sees its logs.
 * Optionally lowers some categories' level for the time it is open (restored on close).
 */
public final class LogCapture implements AutoCloseable {

    private final ConcurrentLinkedQueue<ExtLogRecord> records = new ConcurrentLinkedQueue<>();
    private final ExtHandler handler = new ExtHandler() {
        @Override
        protected void doPublish(ExtLogRecord record) {
            record.copyAll();
            records.add(record);
        }
    };
    private final List<String> loweredCategories;
    private final List<Level> previousLevels;

    private LogCapture(List<String> loweredCategories, Level level) {
        this.loweredCategories = loweredCategories;
        this.previousLevels = loweredCategories.stream()
                .map(name -> Logger.getLogger(name).getLevel())
                .toList();
        loweredCategories.forEach(name -> Logger.getLogger(name).setLevel(level));
        handler.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(handler);
    }

    /** Captures at the configured levels. */
    public static LogCapture start() {
        return new LogCapture(List.of(), Level.INFO);
    }

    /** Captures, with {@code categories} logging down to {@code level} meanwhile. */
    public static LogCapture start(Level level, String... categories) {
        return new LogCapture(List.of(categories), level);
    }

    /** Every captured line: level, category, message, MDC, and the exception's text and stack. */
    public List<String> lines() {
        return records.stream().map(LogCapture::render).toList();
    }

    /** How many records at {@code level} or above were captured. */
    public long countAtLeast(Level level) {
        return records.stream()
                .filter(record -> record.getLevel().intValue() >= level.intValue())
                .count();
    }

    /**
     * Whether {@code text} shows any part of the credential {@code secret}: a JWT's header, claims or
     * signature (dot-separated parts over 8 characters), or an API key.
     */
    public static boolean shows(String text, String secret) {
        return java.util.Arrays.stream(secret.split("\\.")).anyMatch(part -> part.length() > 8 && text.contains(part));
    }

    private static String render(ExtLogRecord record) {
        StringBuilder line = new StringBuilder()
                .append(record.getLevel())
                .append(' ')
                .append(record.getLoggerName())
                .append(' ')
                .append(record.getFormattedMessage())
                .append(' ')
                .append(record.getMdcCopy());
        if (record.getThrown() != null) {
            StringWriter stack = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(stack));
            line.append('\n').append(stack);
        }
        return line.toString();
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(handler);
        for (int i = 0; i < loweredCategories.size(); i++) {
            Logger.getLogger(loweredCategories.get(i)).setLevel(previousLevels.get(i));
        }
    }
}
