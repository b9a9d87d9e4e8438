package sori.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --log-format json}: swaps the encoder of the stderr appender ({@code logback.xml}) for logback's
 * own {@link JsonEncoder}: one object per line with the time, level, logger, message and the event's
 * key-value pairs (user, room, remote, reason) for a machine to read.
 */
final class LogFormat {

    static final String TEXT = "text";
    static final String JSON = "json";

    private LogFormat() {}

    /** Uses {@code format} ("text" or "json") for every log line from now on. */
    static void use(String format) {
        if (!JSON.equals(format) || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
            return;
        }
        Appender<ILoggingEvent> a = ctx.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("ERR");
        if (!(a instanceof OutputStreamAppender<ILoggingEvent> err)) {
            return;
        }
        JsonEncoder json = new JsonEncoder();
        json.setContext(ctx);
        // Time, level, logger, message and fields; not the counters and copies a reader has no use for.
        json.setWithSequenceNumber(false);
        json.setWithNanoseconds(false);
        json.setWithContext(false);
        json.setWithMessage(false);
        json.setWithFormattedMessage(true);
        json.setWithArguments(false);
        json.start();
        err.stop();
        err.setEncoder(json);
        err.start();
    }
}
