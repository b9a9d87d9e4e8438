package sori.bench;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The text a generator sends so it can recognise its own messages:
 * {@code ~b<run>:<sender>:<seq>:<stamp>:} padded with {@code x} to the line size, then a newline.
 * {@code stamp} is {@code System.nanoTime()} minus the run's base, so it is never negative and receivers in
 * the same process can subtract it from their own clock. Reading and writing work on the buffer in place.
 */
public final class Marker {
    /** Longest marker: 5-digit run, 7-digit sender, 10-digit seq, 15-digit stamp, 4 colons and {@code ~b}. */
    public static final int MAX_LENGTH = 2 + 5 + 1 + 7 + 1 + 10 + 1 + 15 + 1;
    private static final int MAX_RUN = 99_999;
    private static final byte[] PAD = new byte[FanoutConfig.MAX_SIZE];

    static {
        Arrays.fill(PAD, (byte) 'x');
    }

    private Marker() {}

    /** A run number for names and markers, so two runs (or a stray user) never count each other's lines. */
    public static int newRunId() {
        return ThreadLocalRandom.current().nextInt(1, MAX_RUN + 1);
    }

    /** Writes one line of {@code size} bytes (more only if the marker itself is longer) ending in a newline. */
    public static void write(ByteBuf out, int run, int sender, long seq, long stamp, int size) {
        int start = out.writerIndex();
        out.ensureWritable(Math.max(size, MAX_LENGTH + 1));
        out.writeByte('~').writeByte('b');
        writeDigits(out, run);
        out.writeByte(':');
        writeDigits(out, sender);
        out.writeByte(':');
        writeDigits(out, seq);
        out.writeByte(':');
        writeDigits(out, stamp);
        out.writeByte(':');
        int pad = size - 1 - (out.writerIndex() - start);
        if (pad > 0) {
            out.writeBytes(PAD, 0, pad);
        }
        out.writeByte('\n');
    }

    /** Writes a non-negative number in ASCII without making a String. */
    static void writeDigits(ByteBuf out, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative: " + value);
        }
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        int at = out.writerIndex();
        out.ensureWritable(digits);
        long v = value;
        for (int i = digits - 1; i >= 0; i--) {
            out.setByte(at + i, (int) ('0' + v % 10));
            v /= 10;
        }
        out.writerIndex(at + digits);
    }

    /** A reusable reader: one per handler, so parsing a line allocates nothing. */
    public static final class Reader {
        public int run;
        public int sender;
        public long seq;
        public long stamp;
        private int pos;

        /** Finds and parses a marker in {@code [from, to)}; false when the line carries none. */
        public boolean read(ByteBuf buf, int from, int to) {
            int i = from;
            while (i < to - 1) {
                int tilde = buf.indexOf(i, to - 1, (byte) '~');
                if (tilde < 0) {
                    return false;
                }
                if (buf.getByte(tilde + 1) == 'b' && parse(buf, tilde + 2, to)) {
                    return true;
                }
                i = tilde + 1;
            }
            return false;
        }

        private boolean parse(ByteBuf buf, int from, int to) {
            pos = from;
            long r = number(buf, to, 5);
            if (r < 0) {
                return false;
            }
            long s = number(buf, to, 7);
            if (s < 0) {
                return false;
            }
            long q = number(buf, to, 10);
            if (q < 0) {
                return false;
            }
            long t = number(buf, to, 15);
            if (t < 0) {
                return false;
            }
            run = (int) r;
            sender = (int) s;
            seq = q;
            stamp = t;
            return true;
        }

        /** Reads digits up to a ':' and steps past it; -1 when there are none, too many, or no ':'. */
        private long number(ByteBuf buf, int to, int maxDigits) {
            long value = 0;
            int start = pos;
            while (pos < to) {
                byte b = buf.getByte(pos++);
                if (b == ':') {
                    int n = pos - 1 - start;
                    return n == 0 ? -1 : value;
                }
                if (b < '0' || b > '9' || pos - start > maxDigits) {
                    return -1;
                }
                value = value * 10 + (b - '0');
            }
            return -1;
        }
    }
}
