package sori.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A WebSocket client by hand ({@link RawSocket}) that also speaks permessage-deflate with the JDK's
 * zlib, for the conformance tests: it can send compressed, broken or reserved-bit frames, and reads
 * the server's JSON whether compressed or not.
 */
final class WsPeer implements AutoCloseable {

    final RawSocket raw;
    final String head;
    private final boolean deflate;
    private final boolean clientNoContext;
    private final boolean serverNoContext;
    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    private final Inflater inflater = new Inflater(true);

    private WsPeer(InetSocketAddress address, String extensions) throws IOException {
        raw = new RawSocket(address);
        head = raw.upgrade(extensions == null ? "" : "Sec-WebSocket-Extensions: " + extensions + "\r\n");
        String accepted = head.lines().filter(l -> l.toLowerCase().startsWith("sec-websocket-extensions:"))
                .findFirst().orElse("").toLowerCase();
        deflate = accepted.contains("permessage-deflate");
        clientNoContext = accepted.contains("client_no_context_takeover");
        serverNoContext = accepted.contains("server_no_context_takeover");
    }

    static WsPeer open(InetSocketAddress address, String extensions) throws IOException {
        WsPeer p = new WsPeer(address, extensions);
        if (!p.head.startsWith("HTTP/1.1 101")) {
            throw new IOException("no upgrade: " + p.head);
        }
        return p;
    }

    /** Opened and named, the welcome read. */
    static WsPeer named(InetSocketAddress address, String extensions, String name) throws IOException {
        WsPeer p = open(address, extensions);
        p.raw.text("{\"type\":\"name\",\"name\":\"" + name + "\"}");
        p.next("welcome");
        return p;
    }

    boolean deflating() {
        return deflate;
    }

    /** Sends {@code json} as one text message, compressed (RSV1) when the extension was accepted. */
    void send(String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        if (deflate) {
            raw.frame(0xC1, compress(bytes));
        } else {
            raw.frame(0x81, bytes);
        }
    }

    /** Compressed as the client must (a sync flush, its tail {@code 00 00 ff ff} taken off). */
    byte[] compress(byte[] message) {
        if (clientNoContext) {
            deflater.reset();
        }
        deflater.setInput(message);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        int n;
        while ((n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH)) > 0) {
            out.write(buf, 0, n);
            if (n < buf.length) {
                break;
            }
        }
        byte[] all = out.toByteArray();
        return Arrays.copyOf(all, all.length - 4);
    }

    /** Reads text messages until one whose JSON type is {@code type}; returns it. */
    String next(String type) throws IOException {
        while (true) {
            RawSocket.Frame f = raw.readFrame();
            if (f.opcode() == 0x8) {
                throw new IOException("closed while waiting for " + type + ": " + closeCode(f));
            }
            if (f.opcode() != 0x1) {
                continue;
            }
            String text = f.compressed() ? inflate(f.payload()) : f.text();
            if (text.startsWith("{\"type\":\"" + type + "\"")) { // the event itself, not one replayed inside another
                return text;
            }
        }
    }

    /** Reads frames until the next pong, and returns its payload. */
    byte[] pong() throws IOException {
        while (true) {
            RawSocket.Frame f = raw.readFrame();
            if (f.opcode() == 0xA) {
                return f.payload();
            }
            if (f.opcode() == 0x8) {
                throw new IOException("closed while waiting for a pong: " + closeCode(f));
            }
        }
    }

    /** The close code the server sends next (reading past anything else); -1 if it closed without one. */
    int closeCode() throws IOException {
        return raw.readCloseCode();
    }

    static int closeCode(RawSocket.Frame f) {
        byte[] p = f.payload();
        return p.length >= 2 ? ((p[0] & 0xff) << 8) | (p[1] & 0xff) : 1005;
    }

    private String inflate(byte[] payload) throws IOException {
        if (serverNoContext) {
            inflater.reset();
        }
        byte[] in = Arrays.copyOf(payload, payload.length + 4);
        in[payload.length + 2] = (byte) 0xff;
        in[payload.length + 3] = (byte) 0xff;
        inflater.setInput(in);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = inflater.inflate(buf)) > 0) {
                out.write(buf, 0, n);
            }
        } catch (DataFormatException e) {
            throw new IOException("server sent bad deflate data", e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        deflater.end();
        inflater.end();
        raw.close();
    }
}
