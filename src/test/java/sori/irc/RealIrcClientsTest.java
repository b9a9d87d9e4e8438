package sori.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sori.server.ChatServer;
import sori.testing.LineClient;
import sori.testing.Needs;
import sori.testing.TestServers;

/**
 * Debian's irssi and WeeChat, the real programs, in tmux: each connects to a sori on free ports, joins
 * {@code #lobby}, sees the line said before it came (history on join), talks with a netcat user (a plain
 * socket on the line port) and a browser user (the page's WebSocket JSON, spoken by the JDK's WebSocket
 * client: no Chromium here), runs {@code /whois}, and quits. Each program's home is a temporary directory,
 * its tmux server has a private socket there and is killed at the end; every wait is bounded.
 * Tagged {@code irc-clients}; skipped (and listed in target/missing-tools.txt) where irssi, weechat or tmux
 * is missing, which {@code .ci/run} installs.
 */
@Tag("irc-clients")
class RealIrcClientsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private ChatServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static void need(String program) {
        Needs.tool(Needs.onPath(program) && Needs.onPath("tmux"), program + " and tmux",
                "apt-get install " + program + " tmux");
    }

    @Test
    void shouldLetIrssiTalkWithNetcatAndTheBrowser(@TempDir Path dir) throws Exception {
        need("irssi");
        server = TestServers.chat(c -> c.withIrc(new IrcConfig(0, "irc.test", "testnet")));
        int port = server.ircAddress().getPort();
        Path home = dir.resolve("home");
        // --home keeps irssi's config and logs in the temporary directory; no proxy, no autoconnect of its own.
        converse(dir, List.of("irssi", "--home=" + home.resolve(".irssi"), "-n", "irssi_user",
                "-c", "127.0.0.1", "-p", Integer.toString(port)), "irssi_user", "/join #lobby", "/window 1");
    }

    @Test
    void shouldLetWeechatTalkWithNetcatAndTheBrowser(@TempDir Path dir) throws Exception {
        need("weechat");
        server = TestServers.chat(c -> c.withIrc(new IrcConfig(0, "irc.test", "testnet")));
        int port = server.ircAddress().getPort();
        Path home = dir.resolve("home");
        String startup = "/server add sori 127.0.0.1/" + port + " -nossl -nicks=wee_user -username=wee"
                + ";/connect sori";
        // -server: the join goes to sori whichever buffer has the focus.
        converse(dir, List.of("weechat", "--dir", home.resolve(".weechat").toString(), "-r", startup), "wee_user",
                "/join -server sori #lobby", "/buffer 1");
    }

    /**
     * The same conversation for either program, typing its commands ({@code join} joins #lobby) in its window; {@code serverWindow}
     * shows the window where the program prints the WHOIS reply.
     */
    private void converse(Path dir, List<String> command, String nick, String join, String serverWindow)
            throws Exception {
        try (LineClient nc = LineClient.named(server.chatAddress(), "nc");
                WebUser web = WebUser.named(URI.create("ws://127.0.0.1:" + server.webAddress().getPort() + "/ws"),
                        "web")) {
            nc.send("said before " + nick + " came");
            nc.expectLine("[nc] said before " + nick + " came");
            try (Tmux term = new Tmux(dir, command)) {
                // sori's RPL_WELCOME, not the program's own banner: a /join typed before it would be lost.
                term.await("Welcome to the testnet IRC network");
                term.type(join);
                nc.expectLine("* " + nick + " joined lobby.");
                web.await("\"type\":\"joined\"", "\"name\":\"" + nick + "\"");
                // History on join: the line from before the program connected.
                term.await("said before " + nick + " came");

                term.type("hello from " + nick);
                nc.expectLine("[" + nick + "] hello from " + nick);
                web.await("\"type\":\"said\"", "\"text\":\"hello from " + nick + "\"");

                nc.send("hello from nc");
                term.await("nc.*hello from nc");
                web.say("lobby", "hello from the browser");
                term.await("web.*hello from the browser");
                nc.expectLine("[web] hello from the browser");

                term.type("/whois nc");
                term.type(serverWindow);
                term.await("End of (/)?WHOIS");
                String whois = term.screen();
                assertThat(whois).as("the whois reply names nc's user and host").containsPattern("nc.*~u@");

                term.type("/quit bye from " + nick);
                nc.expect(l -> l.startsWith("* " + nick + " quit") || l.startsWith("* " + nick + " left"));
            }
        }
    }

    /**
     * A browser's protocol, from Java: the page's WebSocket JSON ({@code docs/protocol.md}) over the JDK's
     * client. Frames are kept as text; waits look for substrings, with a bound.
     */
    static final class WebUser implements WebSocket.Listener, AutoCloseable {
        private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket ws;

        static WebUser named(URI uri, String name) throws Exception {
            WebUser u = new WebUser();
            u.ws = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(WAIT)
                    .buildAsync(uri, u).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            u.await("\"type\":\"prompt\"");
            u.send("{\"type\":\"name\",\"name\":\"" + name + "\"}");
            u.await("\"type\":\"welcome\"");
            return u;
        }

        void say(String room, String text) throws Exception {
            send("{\"type\":\"say\",\"room\":\"" + room + "\",\"text\":\"" + text + "\"}");
        }

        private void send(String json) throws Exception {
            ws.sendText(json, true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        /** The next frame holding every one of {@code parts}, skipping others. */
        String await(String... parts) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            List<String> skipped = new ArrayList<>();
            while (true) {
                String f = frames.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (f == null) {
                    throw new AssertionError("no frame with " + List.of(parts) + " within " + WAIT.toSeconds()
                            + " s; skipped " + skipped);
                }
                boolean all = true;
                for (String p : parts) {
                    all &= f.contains(p);
                }
                if (all) {
                    return f;
                }
                skipped.add(f);
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void close() {
            ws.abort();
        }
    }
}
