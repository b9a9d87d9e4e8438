package sori.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MarkerTest {

    @Test
    void shouldWriteALineOfExactlyTheAskedSize() {
        ByteBuf buf = Unpooled.buffer();
        try {
            Marker.write(buf, 4242, 7, 123, 987654321L, 64);
            String line = buf.toString(StandardCharsets.US_ASCII);
            assertThat(line).hasSize(64).startsWith("~b4242:7:123:987654321:xxx").endsWith("x\n");
        } finally {
            buf.release();
        }
    }

    @Test
    void shouldReadTheMarkerBackFromAServerLine() {
        ByteBuf buf = Unpooled.copiedBuffer("[b4242-7] ", StandardCharsets.US_ASCII);
        try {
            Marker.write(buf, 4242, 7, 123, 987654321L, 64);
            Marker.Reader r = new Marker.Reader();
            assertThat(r.read(buf, 0, buf.writerIndex() - 1)).isTrue();
            assertThat(r.run).isEqualTo(4242);
            assertThat(r.sender).isEqualTo(7);
            assertThat(r.seq).isEqualTo(123);
            assertThat(r.stamp).isEqualTo(987654321L);
        } finally {
            buf.release();
        }
    }

    @Test
    void shouldFitTheLongestMarkerInTheSmallestSize() {
        ByteBuf buf = Unpooled.buffer();
        try {
            Marker.write(buf, 99_999, 9_999_999, 9_999_999_999L, 999_999_999_999_999L, FanoutConfig.MIN_SIZE);
            assertThat(buf.readableBytes()).isEqualTo(FanoutConfig.MIN_SIZE);
            Marker.Reader r = new Marker.Reader();
            assertThat(r.read(buf, 0, buf.writerIndex())).isTrue();
            assertThat(r.stamp).isEqualTo(999_999_999_999_999L);
        } finally {
            buf.release();
        }
    }

    @Test
    void shouldIgnoreLinesWithoutAWholeMarker() {
        Marker.Reader r = new Marker.Reader();
        for (String s : new String[] {"* mina joined", "[x] ~b", "[x] ~b12:3:", "[x] ~b1:2:3:x:", "~~b1:2:3",
            "[x] ~bA:1:2:3:", "[x] ~b1::2:3:", ""}) {
            ByteBuf buf = Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
            try {
                assertThat(r.read(buf, 0, buf.writerIndex())).as(s).isFalse();
            } finally {
                buf.release();
            }
        }
    }

    @Test
    void shouldFindAMarkerAfterAFalseStart() {
        ByteBuf buf = Unpooled.copiedBuffer("[x] ~bad ~b1:2:3:4:xx", StandardCharsets.US_ASCII);
        try {
            Marker.Reader r = new Marker.Reader();
            assertThat(r.read(buf, 0, buf.writerIndex())).isTrue();
            assertThat(r.seq).isEqualTo(3);
        } finally {
            buf.release();
        }
    }
}
