package sori.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class SocketErrorsTest {
    @Test
    void shouldFindTheOsPhraseInNativeAndJdkMessages() {
        assertThat(SocketErrors.reason(new IOException("bind(..) failed: Address already in use")))
                .isEqualTo("address already in use");
        assertThat(SocketErrors.reason(new ConnectException("Connection refused: localhost/127.0.0.1:9")))
                .isEqualTo("connection refused");
        assertThat(SocketErrors.reason(new IOException("recvAddress(..) failed: Connection reset by peer")))
                .isEqualTo("connection reset");
    }

    @Test
    void shouldLookIntoCauses() {
        assertThat(SocketErrors.reason(new RuntimeException("wrapped", new BindException("Permission denied"))))
                .isEqualTo("permission denied");
    }

    @Test
    void shouldFallBackToTheMessageWithoutNativePrefix() {
        assertThat(SocketErrors.reason(new IOException("socket(..) failed: Something Odd")))
                .isEqualTo("something odd");
        assertThat(SocketErrors.reason(new IOException())).isEqualTo("IOException");
    }
}
