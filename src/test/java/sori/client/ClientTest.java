package sori.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sori.UserFacingException;
import sori.echo.EchoConfig;
import sori.echo.EchoServer;
import sori.net.Transport;

class ClientTest {
    private static final int TIMEOUT_S = 15;
    private static EventLoopGroup group;
    // Own threads: the common pool may have one worker, and these tasks block (accept, read).
    private static ExecutorService threads;
    private EchoServer echo;

    @BeforeAll
    static void startLoops() {
        group = Transport.best().newGroup(2, new DefaultThreadFactory("test-client", true));
        threads = Executors.newCachedThreadPool(new DefaultThreadFactory("test-client-task", true));
    }

    @AfterAll
    static void stopLoops() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        threads.shutdownNow();
    }

    @AfterEach
    void stopEcho() {
        if (echo != null) {
            echo.close();
        }
    }

    private Target startEcho() {
        echo = new EchoServer(EchoConfig.tcp(0).withHost("127.0.0.1"), group);
        return new Target("127.0.0.1", echo.start().getPort());
    }

    private static CompletableFuture<Void> runClient(Target target, InputStream in, ByteArrayOutputStream out) {
        Client client = new Client(ClientConfig.plain(target, in, out), group);
        return CompletableFuture.runAsync(client::run, threads);
    }

    /** Runs the client to its end; a UserFacingException comes out as itself. */
    private static void runToEnd(Target target, InputStream in, ByteArrayOutputStream out) throws Exception {
        try {
            runClient(target, in, out).get(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    @Test
    void shouldSendInputWithoutNewlineAndPrintReplyAfterEof() throws Exception {
        Target target = startEcho();
        byte[] input = "hello\n안녕 no newline at the end".getBytes(UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // EOF half-closes; the echo server then echoes the rest and closes, which ends the client.
        runToEnd(target, new ByteArrayInputStream(input), out);
        assertThat(out.toByteArray()).isEqualTo(input);
    }

    @Test
    void shouldEndWhenServerClosesEvenThoughStdinIsStillOpen() throws Exception {
        Target target = startEcho();
        try (PipedOutputStream typing = new PipedOutputStream()) {
            PipedInputStream stdin = new PipedInputStream(typing);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CompletableFuture<Void> done = runClient(target, stdin, out);
            typing.write("hi\nend\n".getBytes(UTF_8));
            typing.flush();
            done.get(TIMEOUT_S, TimeUnit.SECONDS);
            assertThat(out.toString(UTF_8)).isEqualTo("hi\nend\n");
        }
    }

    @Test
    void shouldShowPromptWithoutNewlineBeforeAnythingIsTyped() throws Exception {
        try (ServerSocket chat = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
                PipedOutputStream typing = new PipedOutputStream()) {
            CompletableFuture<String> served = CompletableFuture.supplyAsync(() -> {
                try (Socket s = chat.accept()) {
                    s.setSoTimeout(TIMEOUT_S * 1000);
                    s.getOutputStream().write("Enter your name: ".getBytes(UTF_8));
                    String name = new BufferedReader(new InputStreamReader(s.getInputStream(), UTF_8)).readLine();
                    s.getOutputStream().write(("hi " + name + "\n").getBytes(UTF_8));
                    return name;
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }, threads);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CompletableFuture<Void> done =
                    runClient(new Target("127.0.0.1", chat.getLocalPort()), new PipedInputStream(typing), out);
            long deadline = System.nanoTime() + Duration.ofSeconds(TIMEOUT_S).toNanos();
            while (!out.toString(UTF_8).equals("Enter your name: ")) {
                assertThat(System.nanoTime()).as("prompt shown in time, got '%s'", out).isLessThan(deadline);
                Thread.sleep(5);
            }
            typing.write("미나\n".getBytes(UTF_8));
            typing.flush();
            assertThat(served.get(TIMEOUT_S, TimeUnit.SECONDS)).isEqualTo("미나");
            done.get(TIMEOUT_S, TimeUnit.SECONDS);
            assertThat(out.toString(UTF_8)).isEqualTo("Enter your name: hi 미나\n");
        }
    }

    @Test
    void shouldPipeEightMegabytesBothWays() throws Exception {
        Target target = startEcho();
        byte[] input = new byte[8 << 20];
        new Random(42).nextBytes(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        runToEnd(target, new ByteArrayInputStream(input), out);
        assertThat(out.size()).isEqualTo(input.length);
        assertThat(out.toByteArray()).isEqualTo(input);
    }

    @Test
    void shouldSayConnectionRefused() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = closed.getLocalPort(); // free again once closed: nothing listens there
        }
        Target target = new Target("127.0.0.1", port);
        assertThatThrownBy(() -> runToEnd(target, InputStream.nullInputStream(), new ByteArrayOutputStream()))
                .isInstanceOf(UserFacingException.class)
                .hasMessage("cannot connect to 127.0.0.1:" + port + ": connection refused");
    }

    @Test
    void shouldSayUnknownHost() {
        Target target = new Target("nosuch.invalid", 9999);
        assertThatThrownBy(() -> runToEnd(target, InputStream.nullInputStream(), new ByteArrayOutputStream()))
                .isInstanceOf(UserFacingException.class)
                .hasMessage("unknown host nosuch.invalid");
    }

    @Test
    void shouldSayConnectionLostWhenServerResets() throws Exception {
        try (ServerSocket rude = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
                PipedOutputStream typing = new PipedOutputStream()) {
            CompletableFuture<Void> resetSent = CompletableFuture.runAsync(() -> {
                try (Socket s = rude.accept()) {
                    s.setSoTimeout(TIMEOUT_S * 1000);
                    s.getInputStream().read(); // wait for the client's first byte, so it is surely connected
                    s.setSoLinger(true, 0); // close with RST
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }, threads);
            Target target = new Target("127.0.0.1", rude.getLocalPort());
            CompletableFuture<Void> done = runClient(target, new PipedInputStream(typing), new ByteArrayOutputStream());
            typing.write('x');
            typing.flush();
            resetSent.get(TIMEOUT_S, TimeUnit.SECONDS);
            assertThatThrownBy(() -> done.get(TIMEOUT_S, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(UserFacingException.class)
                    .cause()
                    .hasMessage("connection to " + target + " lost: connection reset");
        }
    }
}
