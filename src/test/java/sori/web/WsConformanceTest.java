package sori.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sori.server.ChatServer;
import sori.server.ServerConfig;
import sori.testing.TestServers;

/**
 * The conformance table of {@code docs/protocol.md}, one test per row: the Autobahn TestSuite's case
 * groups (numbers in each test's comment), spoken by hand to a real server with permessage-deflate
 * offered. Every test names itself with its rows, and each connection that should end is checked to
 * end with the close code the RFCs name.
 */
class WsConformanceTest {

    private static final int TEXT = 0x1;
    private static final int BINARY = 0x2;
    private static final int CLOSE = 0x8;
    private static final int PING = 0x9;
    private static final int PONG = 0xA;
    private static final int FIN = 0x80;
    private static final int LIMIT = 4096;

    private static ChatServer server;
    private static InetSocketAddress address;

    @BeforeAll
    static void start() {
        server = TestServers.chat(c -> TestServers.noFlood(c)
                .withWeb(new WebConfig(0, java.util.List.of(), true, LIMIT, WebConfig.HANDSHAKE_MILLIS)));
        address = server.webAddress();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static WsPeer peer() throws IOException {
        return WsPeer.named(address, null, "p" + Long.toHexString(System.nanoTime()));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String who(int padding) {
        return "{\"type\":\"who\",\"pad\":\"" + "x".repeat(padding) + "\"}";
    }

    private static String padded(int size) {
        return who(size - who(0).length());
    }

    // ---- 1 framing ----

    /** Autobahn 1.1.1-1.1.8 and 1.2.1-1.2.8: every payload length encoding; binary is not our protocol. */
    @Test
    void framingTextOfEveryLengthEncodingIsAnsweredAndBinaryGetsBadRequest() throws Exception {
        try (WsPeer p = peer()) {
            for (int size : new int[] {125, 126, 127, LIMIT}) {
                p.raw.frame(FIN | TEXT, utf8(padded(size)));
                assertThat(p.next("who")).contains("\"room\":\"lobby\"");
            }
            p.raw.frame(FIN | BINARY, new byte[] {1, 2, 3});
            assertThat(p.next("error")).contains("bad_request");
            p.raw.frame(FIN | TEXT, new byte[0]);
            assertThat(p.next("error")).contains("bad_request");
        }
    }

    // ---- 2 pings and pongs ----

    /** Autobahn 2.1-2.4, 2.6-2.10: pongs echo the ping's payload, in order; unasked pongs are ignored. */
    @Test
    void pingsArePongedWithTheirPayloadAndUnaskedPongsIgnored() throws Exception {
        try (WsPeer p = peer()) {
            p.raw.frame(FIN | PING, new byte[0]);
            assertThat(p.pong()).isEmpty();
            byte[] binary = new byte[125];
            Arrays.fill(binary, (byte) 0xfe);
            p.raw.frame(FIN | PING, binary);
            assertThat(p.pong()).isEqualTo(binary);
            p.raw.frame(FIN | PONG, utf8("unasked"));
            for (int i = 0; i < 10; i++) {
                p.raw.frame(FIN | PING, utf8("ping " + i));
            }
            for (int i = 0; i < 10; i++) {
                assertThat(new String(p.pong(), StandardCharsets.UTF_8)).isEqualTo("ping " + i);
            }
            p.raw.text("{\"type\":\"rooms\"}");
            assertThat(p.next("rooms")).contains("lobby");
        }
    }

    /** Autobahn 2.5: a control frame over 125 bytes. */
    @Test
    void pingOver125BytesCloses1002() throws Exception {
        try (WsPeer p = peer()) {
            p.raw.frame(FIN | PING, new byte[126]);
            assertThat(p.closeCode()).isEqualTo(1002);
        }
    }

    // ---- 3 reserved bits ----

    /** Autobahn 3.1-3.7: RSV2, RSV3 and combinations on text, binary, ping and close; RSV1 on a ping. */
    @ParameterizedTest
    @ValueSource(ints = {0xA1, 0x91, 0xB1, 0xE2, 0xD9, 0xF8, 0xC9})
    void reservedBitsNoExtensionClaimsClose1002(int b0) throws Exception {
        try (WsPeer p = peer()) {
            byte[] payload = (b0 & 0x0f) == CLOSE ? new byte[] {0x03, (byte) 0xe8} : utf8("{\"type\":\"rooms\"}");
            p.raw.frame(b0, payload);
            assertThat(p.closeCode()).isEqualTo(1002);
        }
    }

    /** Autobahn 3.x with no extension negotiated: RSV1 on a text frame. */
    @Test
    void rsv1WithoutPermessageDeflateCloses1002() throws Exception {
        try (WsPeer p = peer()) {
            p.raw.frame(0xC1, utf8("{\"type\":\"rooms\"}"));
            assertThat(p.closeCode()).isEqualTo(1002);
        }
    }

    /** Autobahn 3.x with permessage-deflate on: RSV1 means nothing on a ping, RSV2 nothing on text. */
    @ParameterizedTest
    @ValueSource(ints = {0xC9, 0xA1})
    void reservedBitsPermessageDeflateDoesNotClaimClose1002(int b0) throws Exception {
        try (WsPeer p = WsPeer.named(address, "permessage-deflate", "d" + b0)) {
            p.raw.frame(b0, utf8("{\"type\":\"rooms\"}"));
            assertThat(p.closeCode()).isEqualTo(1002);
        }
    }

    // ---- 4 opcodes ----

    /** Autobahn 4.1.1-4.1.5 (data opcodes 3-7) and 4.2.1-4.2.5 (control opcodes 11-15). */
    @ParameterizedTest
    @ValueSource(ints = {3, 4, 5, 6, 7, 11, 12, 13, 14, 15})
    void reservedOpcodesClose1002(int opcode) throws Exception {
        try (WsPeer p = peer()) {
            p.raw.frame(FIN | opcode, utf8("x"));
            assertThat(p.closeCode()).isEqualTo(1002);
        }
    }

    // ---- 5 fragmentation ----

    /** Autobahn 5.3-5.8, 5.16-5.20 (valid parts): fragments make one message; pings between them are ponged. */
    @Test
    void fragmentsMakeOneMessageWithPingsBetween() throws Exception {
        try (WsPeer p = peer()) {
            p.raw.frame(TEXT, utf8("{\"type\":"));
            p.raw.frame(FIN | PING, utf8("mid"));
            p.raw.frame(0x0, utf8("\"ro"));
            p.raw.frame(FIN, utf8("oms\"}"));
            assertThat(p.pong()).isEqualTo(utf8("mid"));
            assertThat(p.next("rooms")).contains("lobby");
        }
    }

    /** Autobahn 5.1, 5.2: fragmented ping and pong. */
    @ParameterizedTest
    @ValueSource(ints = {PING, PONG})
    void fragmentedControlFramesClose1002(int opcode) throws Exception {
        try (WsPeer p = peer()) {
            p.raw.frame(opcode, utf8("a"));
            assertThat(p.closeCode()).isEqualTo(1002);
        }
    }

    /** Autobahn 5.9-5.14: a continuation with no message started. */
    @Test
    void continuationWithoutAMessageCloses1002() throws Exception {
        try (WsPeer p = peer()) {
            p.raw.frame(FIN, utf8("{}"));
            assertThat(p.closeCode()).isEqualTo(1002);
        }
    }

    /** Autobahn 5.15: a new text frame while a fragmented message is open. */
    @Test
    void newMessageInsideAFragmentedOneCloses1002() throws Exception {
        try (WsPeer p = peer()) {
            p.raw.frame(TEXT, utf8("{\"type\":"));
            p.raw.frame(FIN | TEXT, utf8("{}"));
            assertThat(p.closeCode()).isEqualTo(1002);
        }
    }

    // ---- 6 UTF-8 ----

    /** Autobahn 6.2.1-6.2.4, 6.5.x: valid UTF-8, split inside a code point across fragments. */
    @Test
    void validUtf8SplitAcrossFragmentsIsAccepted() throws Exception {
        try (WsPeer p = peer()) {
            byte[] json = utf8("{\"type\":\"join\",\"room\":\"한국\"}");
            int cut = indexOf(json, (byte) 0xED) + 1; // inside 한
            p.raw.frame(TEXT, Arrays.copyOfRange(json, 0, cut));
            p.raw.frame(FIN, Arrays.copyOfRange(json, cut, json.length));
            assertThat(p.next("switched")).contains("한국");
        }
    }

    /** Autobahn 6.3.1, 6.3.2, 6.6-6.22 (one of each kind), 6.4.1-6.4.4 (fail fast in a fragment). */
    @ParameterizedTest
    @ValueSource(strings = {"ceba e1bd b9cf 83ce bcce b5ed a080 65 64 69 74 65 64", "c0af", "eda080", "f4908080",
            "ff", "80", "e282"})
    void invalidUtf8Closes1007(String hex) throws Exception {
        byte[] bad = hex(hex);
        try (WsPeer p = peer()) {
            p.raw.frame(FIN | TEXT, bad);
            assertThat(p.closeCode()).isEqualTo(1007);
        }
        if (!hex.equals("e282")) { // a truncated code point is only wrong once the message ends
            try (WsPeer p = peer()) {
                p.raw.frame(TEXT, bad); // first fragment, the message never finished: fail fast
                assertThat(p.closeCode()).isEqualTo(1007);
            }
        }
    }

    // ---- 7 close handling ----

    /** Autobahn 7.1.1, 7.3.1, 7.3.3-7.3.6, 7.7.1-7.7.13: a close is echoed, code and reason, then TCP closes. */
    @ParameterizedTest
    @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999})
    void closeWithAValidCodeIsEchoed(int code) throws Exception {
        try (WsPeer p = peer()) {
            p.raw.frame(FIN | CLOSE, new byte[] {(byte) (code >> 8), (byte) code, 'b', 'y', 'e'});
            assertThat(p.closeCode()).isEqualTo(code);
            assertThat(p.raw.closedByServer()).isTrue();
        }
    }

    /** Autobahn 7.3.1: an empty close gets an empty close (1005 is what a reader reports for it). */
    @Test
    void emptyCloseIsEchoedEmpty() throws Exception {
        try (WsPeer p = peer()) {
            p.raw.frame(FIN | CLOSE, new byte[0]);
            assertThat(p.closeCode()).isEqualTo(1005);
        }
    }

    /** Autobahn 7.9.1-7.9.9: codes never sent on the wire (999, 1004-1006, 1016, 1100, 2000, 2999, 0). */
    @ParameterizedTest
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1016, 1100, 2000, 2999})
    void closeWithAnInvalidCodeGetsAClose1002(int code) throws Exception {
        try (WsPeer p = peer()) {
            p.raw.frame(FIN | CLOSE, new byte[] {(byte) (code >> 8), (byte) code});
            assertThat(p.closeCode()).isEqualTo(1002);
        }
    }

    /** Autobahn 7.3.2 (one-byte close payload) and 7.5.1 (reason not UTF-8). */
    @Test
    void malformedClosePayloadsClose() throws Exception {
        try (WsPeer p = peer()) {
            p.raw.frame(FIN | CLOSE, new byte[] {0x03});
            assertThat(p.closeCode()).isIn(1002, 1007);
        }
        try (WsPeer p = peer()) {
            p.raw.frame(FIN | CLOSE, new byte[] {0x03, (byte) 0xe8, (byte) 0xc0, (byte) 0xaf});
            assertThat(p.closeCode()).isEqualTo(1007);
        }
    }

    /**
     * Autobahn 7.1.2-7.1.5: nothing after the client's close is acted on (no pong); the close comes back
     * and then the end of the stream, not a reset, though the late frame was never read.
     */
    @Test
    void framesAfterCloseAreIgnored() throws Exception {
        try (WsPeer p = peer()) {
            p.raw.frame(FIN | CLOSE, new byte[] {0x03, (byte) 0xe8});
            p.raw.frame(FIN | PING, utf8("late"));
            p.raw.frame(FIN | TEXT, utf8(padded(LIMIT)));
            RawSocket.Frame f;
            while ((f = p.raw.readFrame()).opcode() != CLOSE) {
                assertThat(f.opcode()).isNotEqualTo(PONG);
            }
            assertThat(WsPeer.closeCode(f)).isEqualTo(1000);
            assertThat(p.raw.closedByServer()).isTrue();
        }
    }

    /**
     * RFC 6455 5.5.1: nothing follows the close frame. A request and a close in one write, read together:
     * the answer is written after Netty has answered the close, and the mailbox, which writes finished
     * frames past Netty's protocol handler, must not put it on the wire behind the close.
     */
    @Test
    void nothingFollowsTheServersCloseFrame() throws Exception {
        for (int i = 0; i < 10; i++) {
            try (WsPeer p = peer()) {
                p.raw.frames(RawSocket.encode(FIN | TEXT, utf8(who(i)), true),
                        RawSocket.encode(FIN | CLOSE, new byte[] {0x03, (byte) 0xe8}, true));
                RawSocket.Frame f;
                while ((f = p.raw.readFrame()).opcode() != CLOSE) {
                    assertThat(f.opcode()).isEqualTo(TEXT);
                }
                assertThat(WsPeer.closeCode(f)).isEqualTo(1000);
                assertThat(p.raw.atEnd()).as("bytes after the close frame").isTrue();
            }
        }
    }

    /**
     * RFC 6455 7.1.1 after a client's error: the close frame, then the end of the stream, though the
     * client goes on sending (the server half-closes and drains rather than reset the connection).
     */
    @ParameterizedTest
    @ValueSource(ints = {3, 0xA1})
    void aClientThatKeepsSendingAfterItsErrorReadsTheCloseFrame(int b0) throws Exception {
        try (WsPeer p = peer()) {
            p.raw.frame(b0 == 3 ? FIN | 3 : b0, utf8("x"));
            for (int i = 0; i < 20; i++) {
                p.raw.frame(FIN | TEXT, utf8(padded(LIMIT)));
            }
            assertThat(p.raw.readCloseCode()).isEqualTo(1002);
            assertThat(p.raw.closedByServer()).isTrue();
        }
    }

    /** Each bad frame is one counted protocol error, under the close code it was answered with. */
    @Test
    void everyProtocolErrorIsCountedByItsCloseCode() throws Exception {
        sori.net.LimitCounters counters = server.limitCounters();
        long p1002 = counters.protocolErrors(1002);
        long p1007 = counters.protocolErrors(1007);
        long p1009 = counters.protocolErrors(1009);
        try (WsPeer p = peer()) {
            p.raw.frame(FIN | 3, utf8("x"));
            assertThat(p.closeCode()).isEqualTo(1002);
        }
        try (WsPeer p = peer()) {
            p.raw.frame(FIN | TEXT, hex("c0af"));
            assertThat(p.closeCode()).isEqualTo(1007);
        }
        try (WsPeer p = peer()) {
            p.raw.frame(FIN | TEXT, utf8(padded(LIMIT + 1)));
            assertThat(p.closeCode()).isEqualTo(1009);
        }
        try (WsPeer p = peer()) { // fragments past the limit: the message aggregator's 1009
            byte[] half = utf8("x".repeat(LIMIT / 2 + 1));
            p.raw.frame(TEXT, half);
            p.raw.frame(FIN, half);
            assertThat(p.closeCode()).isEqualTo(1009);
        }
        sori.testing.Await.equal("1002s", () -> counters.protocolErrors(1002), p1002 + 1);
        sori.testing.Await.equal("1007s", () -> counters.protocolErrors(1007), p1007 + 1);
        sori.testing.Await.equal("1009s", () -> counters.protocolErrors(1009), p1009 + 2);
    }

    // ---- 8 limits (Autobahn 9.x sizes, cut at our limit) ----

    /** Autobahn 9.1.x/9.2.x shape: one frame over the limit, and a message whose fragments pass it. */
    @Test
    void framesAndMessagesPastTheLimitClose1009() throws Exception {
        try (WsPeer p = peer()) {
            p.raw.frame(FIN | TEXT, utf8(padded(LIMIT + 1)));
            assertThat(p.closeCode()).isEqualTo(1009);
        }
        try (WsPeer p = peer()) {
            byte[] half = utf8("x".repeat(LIMIT / 2 + 1));
            p.raw.frame(TEXT, half);
            p.raw.frame(FIN, half);
            assertThat(p.closeCode()).isEqualTo(1009);
        }
    }

    // ---- 9 permessage-deflate (Autobahn 12.x and 13.x) ----

    /** Autobahn 12.1.x-12.5.x: compressed messages both ways, the window kept across messages. */
    @Test
    void compressedMessagesBothWaysWithContextTakeover() throws Exception {
        try (WsPeer p = WsPeer.named(address, "permessage-deflate", "z12")) {
            assertThat(p.deflating()).isTrue();
            for (int i = 0; i < 5; i++) { // the same text again: later ones are back-references
                p.send("{\"type\":\"say\",\"text\":\"the same words again and again " + i + "\"}");
                assertThat(p.next("said")).contains("again and again " + i);
            }
            p.send(padded(LIMIT));
            assertThat(p.next("who")).contains("lobby");
        }
    }

    /**
     * Autobahn 13.1-13.7: each offer the RFC defines. Either side's no_context_takeover and any
     * client_max_window_bits are accepted and honoured; server_max_window_bits is declined (the JDK
     * deflates with a 32 KiB window only), so that offer falls back to the next, or to none.
     */
    @ParameterizedTest
    @ValueSource(strings = {"permessage-deflate", "permessage-deflate; client_no_context_takeover",
            "permessage-deflate; client_max_window_bits", "permessage-deflate; client_max_window_bits=9",
            "permessage-deflate; client_max_window_bits=15", "permessage-deflate; server_no_context_takeover",
            "permessage-deflate; server_no_context_takeover; client_no_context_takeover",
            "permessage-deflate; server_max_window_bits=9, permessage-deflate",
            "permessage-deflate; server_max_window_bits=9"})
    void everyDeflateOfferIsAnsweredAndHonoured(String offer) throws Exception {
        try (WsPeer p = WsPeer.named(address, offer, "z" + Integer.toHexString(offer.hashCode()))) {
            String accepted = p.head.toLowerCase();
            boolean windowOnly = !offer.contains(",") && offer.contains("server_max_window_bits");
            assertThat(p.deflating()).isEqualTo(!windowOnly);
            if (offer.contains("client_max_window_bits=9")) {
                assertThat(accepted).contains("client_max_window_bits=9");
            }
            if (offer.contains("server_no_context_takeover")) {
                assertThat(accepted).contains("server_no_context_takeover");
            }
            for (int i = 0; i < 3; i++) {
                p.send("{\"type\":\"say\",\"text\":\"context " + i + " context " + i + "\"}");
                assertThat(p.next("said")).contains("context " + i + " context " + i);
            }
        }
    }

    /** RFC 7692 7.2.3 (the ghost): RSV1 data that is not deflate closes 1007. */
    @Test
    void compressedDataThatDoesNotInflateCloses1007() throws Exception {
        try (WsPeer p = WsPeer.named(address, "permessage-deflate", "zbad")) {
            p.raw.frame(0xC1, hex("ffffffff0012 67617262616765"));
            assertThat(p.closeCode()).isEqualTo(1007);
        }
    }

    /**
     * RFC 7692 6.1: RSV1 marks the first frame of a compressed message only. A compressed message in two
     * fragments is taken; RSV1 on its continuation, or on the continuation of an uncompressed one, 1002.
     */
    @Test
    void rsv1OnAContinuationFrameCloses1002() throws Exception {
        byte[] json = utf8("{\"type\":\"rooms\",\"pad\":\"" + "y".repeat(300) + "\"}");
        try (WsPeer p = WsPeer.named(address, "permessage-deflate", "zcont0")) {
            byte[] z = p.compress(json);
            p.raw.frame(0x41, Arrays.copyOfRange(z, 0, z.length / 2));
            p.raw.frame(FIN, Arrays.copyOfRange(z, z.length / 2, z.length));
            assertThat(p.next("rooms")).contains("lobby");
        }
        try (WsPeer p = WsPeer.named(address, "permessage-deflate", "zcont1")) {
            byte[] z = p.compress(json);
            p.raw.frame(0x41, Arrays.copyOfRange(z, 0, z.length / 2));
            p.raw.frame(0xC0, Arrays.copyOfRange(z, z.length / 2, z.length));
            assertThat(p.closeCode()).isEqualTo(1002);
        }
        try (WsPeer p = WsPeer.named(address, "permessage-deflate", "zcont2")) {
            p.raw.frame(TEXT, utf8("{\"type\":"));
            p.raw.frame(0xC0, utf8("\"rooms\"}"));
            assertThat(p.closeCode()).isEqualTo(1002);
        }
    }

    /** RFC 7692 with RFC 6455 7.4.1: a small frame that inflates past the limit (a zip bomb) closes 1009. */
    @ParameterizedTest
    @ValueSource(ints = {LIMIT + 1, LIMIT + 2, LIMIT * 4})
    void aFrameInflatingPastTheLimitCloses1009(int inflated) throws Exception {
        try (WsPeer p = WsPeer.named(address, "permessage-deflate", "zbomb" + inflated)) {
            byte[] bomb = p.compress(utf8(padded(inflated)));
            assertThat(bomb.length).isLessThan(LIMIT);
            p.raw.frame(0xC1, bomb);
            assertThat(p.closeCode()).isEqualTo(1009);
        }
    }

    // ---- the handshake ----

    /** RFC 6455 4.4: a version other than 13 gets 426 naming 13; no upgrade. */
    @ParameterizedTest
    @ValueSource(strings = {"8", "7", "0", "14"})
    void otherWebSocketVersionsGet426(String version) throws Exception {
        try (RawSocket raw = new RawSocket(address)) {
            raw.write("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: " + version + "\r\n\r\n");
            String head = raw.readHead();
            assertThat(head).startsWith("HTTP/1.1 426").containsIgnoringCase("sec-websocket-version: 13");
        }
    }

    private static int indexOf(byte[] a, byte b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] hex(String s) {
        String h = s.replace(" ", "");
        byte[] out = new byte[h.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
