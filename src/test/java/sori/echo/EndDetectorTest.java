package sori.echo;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EndDetectorTest {
    private final EndDetector end = new EndDetector();

    private int scan(String s) {
        ByteBuf b = Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
        try {
            return end.scan(b);
        } finally {
            b.release();
        }
    }

    @Test
    void shouldFindEndLineAndCountBytesThroughItsNewline() {
        assertThat(scan("hello\nend\nmore")).isEqualTo("hello\nend\n".length());
    }

    @Test
    void shouldAcceptCarriageReturnBeforeNewline() {
        assertThat(scan("end\r\n")).isEqualTo(5);
    }

    @Test
    void shouldIgnoreLinesThatOnlyContainEnd() {
        assertThat(scan("ending\nthe end\nend!\n\nen\nENd\n")).isEqualTo(-1);
    }

    @Test
    void shouldFollowEndAcrossChunksSplitAnywhere() {
        assertThat(scan("x\ne")).isEqualTo(-1);
        assertThat(scan("n")).isEqualTo(-1);
        assertThat(scan("d\r")).isEqualTo(-1);
        assertThat(scan("\n")).isEqualTo(1);
    }

    @Test
    void shouldTreatBareEndBeforePauseAsEnd() {
        assertThat(scan("end")).isEqualTo(-1);
        assertThat(end.pause()).isTrue();
    }

    @Test
    void shouldStartNewLineAfterPause() {
        assertThat(scan("hello")).isEqualTo(-1);
        assertThat(end.pause()).isFalse();
        assertThat(scan("end\n")).isEqualTo(4);
    }

    @Test
    void shouldNotTreatPartialEndBeforePauseAsEnd() {
        scan("en");
        assertThat(end.pause()).isFalse();
        scan("d");
        assertThat(end.pause()).isFalse(); // "d" alone is a new line
    }

    @Test
    void shouldNotMatchEndAfterLongLineWithoutNewline() {
        ByteBuf big = Unpooled.buffer(1 << 20).writeZero(1 << 20);
        try {
            assertThat(end.scan(big)).isEqualTo(-1);
        } finally {
            big.release();
        }
        assertThat(scan("end")).isEqualTo(-1);
        assertThat(end.pause()).isFalse();
    }
}
