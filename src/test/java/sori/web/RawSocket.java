package sori.web;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket spoken by hand over a plain socket, for what a well-behaved client never sends: bad
 * origins, unmasked frames, invalid UTF-8, silence. Reads are bounded by a socket timeout.
 */
final class RawSocket implements AutoCloseable {

    final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    RawSocket(InetSocketAddress address) throws IOException {
        this(address, 0);
    }

    /** @param receiveBuffer the socket's receive buffer in bytes (small: a reader that falls behind fast); 0 default */
    RawSocket(InetSocketAddress address, int receiveBuffer) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", address.getPort()), 5000);
        socket.setSoTimeout((int) (WsClient.WAIT_SECONDS * 1000));
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Sends an upgrade request for /ws with {@code extraHeaders} (each ending in CRLF); returns the response head. */
    String upgrade(String extraHeaders) throws IOException {
        int port = socket.getPort();
        write("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n");
        return readHead();
    }

    void write(String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** The status line and headers, up to the blank line. */
    String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("closed after " + head);
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** Sends one final frame with {@code opcode}, masked or not, as the client. */
    void frame(int opcode, byte[] payload, boolean masked) throws IOException {
        send(0x80 | opcode, payload, masked);
    }

    /** Sends one masked frame whose first byte (FIN, RSV1-3, opcode) is {@code b0}, as given. */
    void frame(int b0, byte[] payload) throws IOException {
        send(b0, payload, true);
    }

    /** Sends a masked text frame holding {@code text}, final, no reserved bits. */
    void text(String text) throws IOException {
        frame(0x81, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends {@code frames} (each made by {@link #encode}) in one write, so the server reads them together. */
    void frames(byte[]... frames) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] f : frames) {
            all.write(f);
        }
        out.write(all.toByteArray());
        out.flush();
    }

    private void send(int b0, byte[] payload, boolean masked) throws IOException {
        out.write(encode(b0, payload, masked));
        out.flush();
    }

    /** One frame as the client sends it: first byte {@code b0} as given, masked or not. */
    static byte[] encode(int b0, byte[] payload, boolean masked) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write(b0);
        int maskBit = masked ? 0x80 : 0;
        if (payload.length < 126) {
            f.write(maskBit | payload.length);
        } else if (payload.length <= 0xffff) {
            f.write(maskBit | 126);
            f.write(payload.length >>> 8);
            f.write(payload.length & 0xff);
        } else {
            f.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                f.write((int) ((long) payload.length >>> shift) & 0xff);
            }
        }
        byte[] body = payload.clone();
        if (masked) {
            byte[] key = new byte[4];
            ThreadLocalRandom.current().nextBytes(key);
            f.write(key, 0, key.length);
            for (int i = 0; i < body.length; i++) {
                body[i] ^= key[i % 4];
            }
        }
        f.write(body, 0, body.length);
        return f.toByteArray();
    }

    /** True when the server sent nothing more and ended the stream (reads one byte to tell). */
    boolean atEnd() throws IOException {
        return in.read() < 0;
    }

    /** One frame from the server: its first byte (FIN, RSV1-3, opcode) and payload. */
    record Frame(int b0, byte[] payload) {
        int opcode() {
            return b0 & 0x0f;
        }

        boolean compressed() {
            return (b0 & 0x40) != 0;
        }

        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /** Reads one frame; EOFException when the server closed first. */
    Frame readFrame() throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long len = b1 & 0x7f;
        if (len == 126) {
            len = in.readUnsignedShort();
        } else if (len == 127) {
            len = in.readLong();
        }
        byte[] payload = new byte[(int) len];
        in.readFully(payload);
        return new Frame(b0, payload);
    }

    /** Reads one frame and returns its first byte (FIN, RSV1-3, opcode); the payload is skipped. */
    int readFrameFlags() throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long len = b1 & 0x7f;
        if (len == 126) {
            len = in.readUnsignedShort();
        } else if (len == 127) {
            len = in.readLong();
        }
        in.readFully(new byte[(int) len]);
        return b0;
    }

    /** Reads frames until a close frame, and returns its status code; -1 when the socket closed without one. */
    int readCloseCode() throws IOException {
        try {
            while (true) {
                int b0 = in.readUnsignedByte();
                int b1 = in.readUnsignedByte();
                long len = b1 & 0x7f;
                if (len == 126) {
                    len = in.readUnsignedShort();
                } else if (len == 127) {
                    len = in.readLong();
                }
                byte[] payload = new byte[(int) len];
                in.readFully(payload);
                if ((b0 & 0x0f) == 0x8) {
                    return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                }
            }
        } catch (EOFException e) {
            return -1;
        }
    }

    /**
     * True once the server closed the connection, within the socket timeout: end of stream, or a reset
     * (a close while bytes the client sent were still unread makes the kernel send RST instead of FIN).
     */
    boolean closedByServer() throws IOException {
        InputStream s = in;
        try {
            while (s.read() >= 0) {
                // discard whatever the server said last
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException e) {
            if (String.valueOf(e.getMessage()).contains("reset")) {
                return true;
            }
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
