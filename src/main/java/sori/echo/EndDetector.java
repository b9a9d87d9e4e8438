package sori.echo;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;

/**
 * Spots the line {@code end} in a byte stream without keeping the line: it only remembers how much
 * of "end" the current line has matched, so a 100 MB line without newline costs nothing.
 * A line ends at {@code \n} (a {@code \r} before it is allowed) or at a pause ({@link #pause()}).
 */
final class EndDetector implements ByteProcessor {
    private static final byte[] END = {'e', 'n', 'd'};
    private static final int NOT_END = -1; // this line has a byte that "end" has not
    private static final int END_CR = 4; // "end\r": still end if \n follows

    private int matched; // bytes of "end" the current line matches so far, or NOT_END

    /**
     * Looks at the readable bytes of {@code buf} without consuming them.
     *
     * @return how many bytes from the reader index up to and including the {@code \n} of an
     *     {@code end} line, or -1 when {@code buf} holds no such line
     */
    int scan(ByteBuf buf) {
        int at = buf.forEachByte(this);
        return at < 0 ? -1 : at - buf.readerIndex() + 1;
    }

    /** A pause ends the current partial line; true when that line is {@code end}. */
    boolean pause() {
        boolean end = isEnd();
        matched = 0;
        return end;
    }

    /** Feeds one byte; returns false (stop) at the newline of an {@code end} line. */
    @Override
    public boolean process(byte b) {
        if (b == '\n') {
            boolean end = isEnd();
            matched = 0;
            return !end;
        }
        if (matched == NOT_END) {
            return true;
        }
        if (matched < END.length && b == END[matched]) {
            matched++;
        } else if (matched == END.length && b == '\r') {
            matched = END_CR;
        } else {
            matched = NOT_END;
        }
        return true;
    }

    private boolean isEnd() {
        return matched == END.length || matched == END_CR;
    }
}
