package sori.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Two ways to see a leaked buffer. {@link #allocator()} hands out buffers and remembers them, so a test
 * can check that every one was released ({@link #unreleased()}); {@link #watch()} listens to Netty's
 * leak detector (paranoid in tests) and {@link #reports()} returns what it logged after a GC.
 */
public final class Leaks implements AutoCloseable {

    private final Logger logger = (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Tracking allocator = new Tracking();

    private Leaks() {}

    /** Starts listening to the leak detector's log. */
    public static Leaks watch() {
        Leaks l = new Leaks();
        l.appender.start();
        l.logger.addAppender(l.appender);
        return l;
    }

    /** An allocator that records every buffer it makes. */
    public Tracking allocator() {
        return allocator;
    }

    /** Buffers from {@link #allocator()} still holding a reference. */
    public List<ByteBuf> unreleased() {
        return allocator.unreleased();
    }

    /**
     * Collects garbage a few times and allocates through the detector, which reports collected
     * buffers that were never released; returns the reports. Bounded: no waiting beyond the GCs.
     */
    /** Stops watching, failing if Netty's leak detector reported anything meanwhile: for {@code @AfterContainer}. */
    public void closeExpectingNone() {
        try {
            org.assertj.core.api.Assertions.assertThat(reports()).as("leaks Netty reported").isEmpty();
        } finally {
            close();
        }
    }

    public List<String> reports() {
        for (int i = 0; i < 5; i++) {
            System.gc();
            for (int j = 0; j < 64; j++) {
                io.netty.buffer.PooledByteBufAllocator.DEFAULT.directBuffer(16).release();
                io.netty.buffer.Unpooled.directBuffer(16).release();
            }
        }
        synchronized (appender.list) {
            return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }

    /** Unpooled buffers, each remembered until checked. */
    public static final class Tracking extends AbstractByteBufAllocator {
        private final List<ByteBuf> made = new ArrayList<>();

        Tracking() {
            super(false);
        }

        @Override
        protected synchronized ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            ByteBuf b = new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
            made.add(b);
            return b;
        }

        @Override
        protected synchronized ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            ByteBuf b = new UnpooledDirectByteBuf(this, initialCapacity, maxCapacity);
            made.add(b);
            return b;
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }

        /** Buffers made and not yet released; forgets the released ones. */
        public synchronized List<ByteBuf> unreleased() {
            made.removeIf(b -> b.refCnt() == 0);
            return List.copyOf(made);
        }
    }
}
