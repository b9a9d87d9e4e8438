package sori.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sori.net.TlsOptions;
import sori.server.ChatServer;
import sori.testing.TestServers;
import sori.testing.Tls;

/**
 * RFC 9112 5.2 over a real socket: a request head with a folded line (a line starting with a space or
 * tab) gets 400 and a close, however it is cut into writes, over http and over https; requests without
 * one, and the WebSocket upgrade, are served as before.
 */
class ObsFoldTest {

    private static final String UPGRADE = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

    @TempDir
    Path dir;

    private ChatServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Long: one\r\n two\r\n\r\n",
            "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Long: one\r\n\ttwo\r\n\r\n",
            "GET /healthz HTTP/1.1\r\n Host: 127.0.0.1\r\n\r\n",
            "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version:\r\n 13\r\n\r\n",
            "GET /healthz HTTP/1.1\nHost: 127.0.0.1\nX-Long: one\n two\n\n"})
    void aFoldedHeaderLineGets400AndAClose(String request) throws Exception {
        server = TestServers.chat();
        for (boolean byteByByte : new boolean[] {false, true}) {
            try (RawSocket raw = new RawSocket(server.webAddress())) {
                send(raw.socket.getOutputStream(), request, byteByByte);
                String head = raw.readHead();
                assertThat(head).startsWith("HTTP/1.1 400 ").containsIgnoringCase("connection: close");
                assertThat(raw.closedByServer()).as("closed after the 400").isTrue();
            }
        }
    }

    @Test
    void requestsWithoutFoldingAreServedWholeOrByteByByte() throws Exception {
        server = TestServers.chat();
        for (boolean byteByByte : new boolean[] {false, true}) {
            try (RawSocket raw = new RawSocket(server.webAddress())) {
                // Empty lines before the request line are allowed; spaces inside a value are no fold.
                send(raw.socket.getOutputStream(),
                        "\r\nGET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Spaced:  a  b \t\r\n\r\n", byteByByte);
                assertThat(raw.readHead()).startsWith("HTTP/1.1 200 ");
            }
            try (RawSocket raw = new RawSocket(server.webAddress())) {
                send(raw.socket.getOutputStream(), UPGRADE, byteByByte);
                assertThat(raw.readHead()).startsWith("HTTP/1.1 101 ");
                raw.text("{\"type\":\"name\",\"name\":\"fold" + byteByByte + "\"}");
                assertThat(raw.readFrame().text()).contains("prompt");
                String event;
                do {
                    event = raw.readFrame().text();
                } while (!event.contains("\"welcome\""));
            }
        }
    }

    /** The scanner sits behind the TLS sniffer: over https the same 400, and the upgrade still works. */
    @Test
    void afterTheTlsSnifferTooOverHttps() throws Exception {
        server = TestServers.chat(c -> c.withTls(TlsOptions.selfSigned(dir)));
        int port = server.webAddress().getPort();
        Path cert = dir.resolve("cert.pem");
        try (SSLSocket s = Tls.connect(port, cert)) {
            send(s.getOutputStream(), "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Long: one\r\n two\r\n\r\n", true);
            assertThat(head(s)).startsWith("HTTP/1.1 400 ").containsIgnoringCase("connection: close");
        }
        try (SSLSocket s = Tls.connect(port, cert)) {
            send(s.getOutputStream(), UPGRADE, true);
            assertThat(head(s)).startsWith("HTTP/1.1 101 ");
        }
    }

    private static void send(OutputStream out, String request, boolean byteByByte) throws IOException {
        byte[] bytes = request.getBytes(StandardCharsets.US_ASCII);
        if (!byteByByte) {
            out.write(bytes);
            out.flush();
            return;
        }
        for (byte b : bytes) {
            out.write(b);
            out.flush();
        }
    }

    private static String head(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            assertThat(b).as("the response head, before the end of the stream").isNotNegative();
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}
