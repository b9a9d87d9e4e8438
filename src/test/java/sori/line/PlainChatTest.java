package sori.line;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import sori.server.ChatServer;
import sori.testing.Await;
import sori.testing.LineClient;
import sori.testing.TestServers;

/** The seed's chat_server2, over real loopback sockets: names, broadcast, join and leave notices. */
class PlainChatTest {

    private ChatServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldPromptWithoutNewlineThenWelcomeAndAnnounceTheJoinToEveryone() throws IOException {
        server = TestServers.chat();
        try (LineClient mina = new LineClient(server.chatAddress())) {
            assertThat(mina.next()).isEqualTo("Enter your name: ");
            mina.send("mina");
            assertThat(mina.next()).startsWith("* Welcome, mina!").contains("In lobby: mina").contains("/help");
            assertThat(mina.next()).isEqualTo("* mina joined lobby.");
            try (LineClient jun = LineClient.named(server.chatAddress(), "jun")) {
                mina.expectLine("* jun joined lobby.");
                jun.expectLine("* jun joined lobby.");
                jun.send("hi all");
                mina.expectLine("[jun] hi all");
                jun.expectLine("[jun] hi all");
            }
            mina.expectLine("* jun left (connection lost).");
        }
    }

    @Test
    void shouldReplayTheLastLinesAndPageBackWithHistoryBefore() throws IOException {
        server = TestServers.chat();
        try (LineClient mina = LineClient.named(server.chatAddress(), "mina")) {
            mina.send("/join scroll");
            mina.expectLine("* mina joined scroll.");
            for (int i = 1; i <= 5; i++) {
                mina.send("line " + i);
                mina.expectLine("[mina] line " + i);
            }
            // The join was event 1 of the new room, the lines 2 to 6.
            mina.send("/history 2");
            mina.expect(l -> l.startsWith("(history ") && l.endsWith("[mina] line 4"));
            mina.expect(l -> l.startsWith("(history ") && l.endsWith("[mina] line 5"));
            mina.expectLine("* Older messages: /history before 5");
            mina.send("/history before 3 5");
            mina.expect(l -> l.startsWith("(history ") && l.endsWith("* mina joined scroll."));
            mina.expect(l -> l.startsWith("(history ") && l.endsWith("[mina] line 1"));
            mina.expectLine("* That is where scroll began.");
            mina.send("/history before 1");
            mina.expectLine("* No history in scroll yet.");
            mina.send("/history before x");
            mina.expectLine("error: usage: /history [n] | /history before <seq> [n]");
        }
    }

    @Test
    void shouldRefuseTakenNamesIgnoringCaseAndInvalidNamesThenAskAgain() throws IOException {
        server = TestServers.chat();
        try (LineClient mina = LineClient.named(server.chatAddress(), "Mina");
                LineClient other = new LineClient(server.chatAddress())) {
            other.expect(l -> l.endsWith(": "));
            other.send("mINA");
            assertThat(other.next()).isEqualTo("error: the name mINA is taken; choose another.");
            assertThat(other.next()).isEqualTo("Enter your name: ");
            other.send("two words");
            assertThat(other.next()).startsWith("error: a name has no spaces; try two_words");
            other.expect(l -> l.endsWith(": "));
            other.send("x".repeat(33));
            assertThat(other.next()).startsWith("error: a name has at most 32 characters");
            other.expect(l -> l.endsWith(": "));
            other.send("민아");
            other.expect(l -> l.startsWith("* Welcome, 민아!"));
            mina.expectLine("* 민아 joined lobby.");
            other.send("안녕하세요");
            mina.expectLine("[민아] 안녕하세요");
        }
    }

    @Test
    void shouldSpeakTheSeedsKoreanExactly() throws IOException {
        server = TestServers.korean();
        try (LineClient a = new LineClient(server.chatAddress())) {
            assertThat(a.next()).isEqualTo("이름을 입력하세요: ");
            a.send("철수");
            a.expect(l -> l.startsWith("★철수님 환영합니다!"));
            a.expectLine("★철수님이 참여했습니다.");
            try (LineClient b = new LineClient(server.chatAddress())) {
                b.expect(l -> l.equals("이름을 입력하세요: "));
                b.send("철수");
                assertThat(b.next()).isEqualTo("이미 등록되어 있습니다.");
                assertThat(b.next()).isEqualTo("이름을 입력하세요: ");
                b.send("영희");
                a.expectLine("★영희님이 참여했습니다.");
                b.send("end");
                assertThat(b.expectClosed()).contains("★영희님이 퇴장했습니다.");
            }
            a.expectLine("★영희님이 퇴장했습니다.");
        }
    }

    @Test
    void shouldTreatAPartialLineFollowedByAPauseAsALineLikeTheSeedsClients() throws IOException {
        server = TestServers.chat();
        try (LineClient seed = new LineClient(server.chatAddress());
                LineClient jun = LineClient.named(server.chatAddress(), "jun")) {
            seed.expect(l -> l.endsWith(": "));
            seed.sendRaw("mina".getBytes(StandardCharsets.UTF_8)); // no newline, as Python's sendall(name)
            seed.expect(l -> l.startsWith("* Welcome, mina!"));
            seed.sendRaw("bare message".getBytes(StandardCharsets.UTF_8));
            jun.expectLine("[mina] bare message");
            seed.sendRaw("end".getBytes(StandardCharsets.UTF_8));
            seed.expectClosed();
            jun.expectLine("* mina quit.");
        }
    }

    @Test
    void shouldAnswerAPipedClientInFullWhenItsInputEnds() throws IOException {
        server = TestServers.chat();
        try (LineClient watcher = LineClient.named(server.chatAddress(), "watcher");
                LineClient piped = new LineClient(server.chatAddress())) {
            piped.sendRaw("jun\nhello from a pipe\n/who".getBytes(StandardCharsets.UTF_8));
            piped.socket().shutdownOutput(); // what `printf ... | nc -N` does at the end of its input
            List<String> got = piped.expectClosed();
            assertThat(got).contains("[jun] hello from a pipe", "* In lobby (2): watcher, jun", "* Bye.");
            assertThat(got.get(got.size() - 1)).isEqualTo("* Bye.");
            watcher.expectLine("* jun left (connection lost).");
        }
    }

    @Test
    void shouldGiveTheSameResultForOneByteWritesAndManyLinesInOneWrite() throws IOException {
        server = TestServers.chat(TestServers::noFlood); // 100 lines at once: past the default burst
        try (LineClient slow = LineClient.named(server.chatAddress(), "slow");
                LineClient bulk = LineClient.named(server.chatAddress(), "bulk");
                LineClient watcher = LineClient.named(server.chatAddress(), "watcher")) {
            byte[] text = "한 글자씩 byte by byte\n".getBytes(StandardCharsets.UTF_8);
            for (byte b : text) {
                slow.sendRaw(new byte[] {b});
            }
            watcher.expectLine("[slow] 한 글자씩 byte by byte");
            StringBuilder hundred = new StringBuilder();
            for (int i = 0; i < 100; i++) {
                hundred.append("line ").append(i).append('\n');
            }
            bulk.sendRaw(hundred.toString().getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 100; i++) {
                watcher.expectLine("[bulk] line " + i);
            }
        }
    }

    @Test
    void shouldReplaceBadUtf8AndStripControlCharactersButKeepTabs() throws IOException {
        server = TestServers.chat();
        try (LineClient evil = LineClient.named(server.chatAddress(), "evil");
                LineClient victim = LineClient.named(server.chatAddress(), "victim")) {
            evil.sendRaw(new byte[] {'a', (byte) 0xff, (byte) 0xfe, 'b', '\n'});
            victim.expectLine("[evil] a\uFFFD\uFFFDb");
            evil.sendRaw("\u001b[2Jclear\u0007 bell\rcr\u0000nul\ttab\u009b end\n".getBytes(StandardCharsets.UTF_8));
            String line = victim.expect(l -> l.startsWith("[evil] [2Jclear"));
            assertThat(line).isEqualTo("[evil] [2Jclear bellcrnul\ttab end");
            assertThat(line.chars()).noneMatch(c -> c < 0x20 && c != '\t');
        }
    }

    @Test
    void shouldDropAnOverlongLineWithAnErrorAndStayUsable() throws IOException {
        server = TestServers.chat();
        try (LineClient big = LineClient.named(server.chatAddress(), "big");
                LineClient other = LineClient.named(server.chatAddress(), "other")) {
            big.send("x".repeat(9000));
            big.expectLine("error: line too long (limit 8192 bytes); it was dropped.");
            // 100 MB with no newline at all: dropped as it arrives, memory stays at the limit.
            byte[] chunk = new byte[1 << 20];
            java.util.Arrays.fill(chunk, (byte) 'y');
            for (int i = 0; i < 100; i++) {
                big.sendRaw(chunk);
            }
            big.send("");
            big.expectLine("error: line too long (limit 8192 bytes); it was dropped.");
            big.send("still here");
            other.expectLine("[big] still here");
            assertThat(server.hub().users()).isEqualTo(2);
        }
    }

    @Test
    void shouldRemoveAVanishedClientOnceAndAnnounceItOnce() throws IOException {
        server = TestServers.chat();
        try (LineClient stay = LineClient.named(server.chatAddress(), "stay")) {
            LineClient crash = LineClient.named(server.chatAddress(), "crash");
            crash.sendRaw("half a li".getBytes(StandardCharsets.UTF_8));
            crash.reset();
            LineClient closer = LineClient.named(server.chatAddress(), "closer");
            closer.sendRaw("mid-line".getBytes(StandardCharsets.UTF_8));
            closer.close();
            Await.equal("users", () -> server.hub().users(), 1);
            stay.send("marker");
            List<String> lines = collectUntil(stay, "[stay] marker");
            assertThat(lines).filteredOn(l -> l.startsWith("* crash left")).hasSize(1);
            assertThat(lines).filteredOn(l -> l.startsWith("* closer left")).hasSize(1);
            // What a client sent just before closing still counts as a line.
            assertThat(lines).contains("[closer] mid-line");
            assertThat(server.hub().connections()).isEqualTo(1);
        }
    }

    @Test
    void shouldHandleAThousandClientsJoiningTalkingAndLeaving() throws Exception {
        server = TestServers.chat();
        int n = 1000;
        LineClient[] clients = new LineClient[n];
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<LineClient>> joins = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                int id = i;
                joins.add(pool.submit(() -> LineClient.named(server.chatAddress(), "user" + id)));
            }
            for (int i = 0; i < n; i++) {
                clients[i] = joins.get(i).get();
            }
        }
        Await.equal("registered users", () -> server.hub().users(), n);
        assertThat(server.hub().connections()).isEqualTo(n);
        clients[0].send("hello from 0");
        clients[n - 1].expectLine("[user0] hello from 0");
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (LineClient c : clients) {
                pool.submit(() -> {
                    c.send("end");
                    c.expectClosed();
                    return null;
                });
            }
        }
        Await.equal("users after all left", () -> server.hub().users(), 0);
        Await.equal("connections after all left", () -> server.hub().connections(), 0);
        assertThat(server.hub().roomNames()).isEmpty();
        for (LineClient c : clients) {
            c.close();
        }
    }

    @Test
    void shouldSayGoodbyeToEveryClientOnShutdown() throws IOException {
        server = TestServers.chat();
        try (LineClient a = LineClient.named(server.chatAddress(), "a");
                LineClient b = new LineClient(server.chatAddress())) {
            b.expect(l -> l.endsWith(": "));
            server.close();
            assertThat(a.expectClosed()).contains("* The server is restarting. Reconnect in a moment.");
            assertThat(b.expectClosed()).contains("* The server is restarting. Reconnect in a moment.");
        }
    }

    private static List<String> collectUntil(LineClient c, String last) {
        List<String> lines = new java.util.ArrayList<>();
        String l;
        do {
            l = c.next();
            lines.add(l);
        } while (!l.equals(last));
        return lines;
    }
}
