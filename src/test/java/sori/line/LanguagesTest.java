package sori.line;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import sori.server.ChatServer;
import sori.testing.LineClient;
import sori.testing.TestServers;

/** What a user reads, over a real socket, in English and in Korean: every part of it in their language. */
class LanguagesTest {

    private ChatServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldGiveAnEmptyNameAReasonAndTheSamePromptAgain() throws IOException {
        server = TestServers.chat();
        try (LineClient c = new LineClient(server.chatAddress())) {
            assertThat(c.next()).isEqualTo("Enter your name: ");
            c.send("");
            assertThat(c.next()).isEqualTo("error: a name needs at least one character.");
            assertThat(c.next()).isEqualTo("Enter your name: ");
            c.send("   ");
            assertThat(c.next()).isEqualTo("error: a name needs at least one character.");
        }
    }

    @Test
    void shouldGiveAnEmptyNameAReasonInKorean() throws IOException {
        server = TestServers.korean();
        try (LineClient c = new LineClient(server.chatAddress())) {
            assertThat(c.next()).isEqualTo("이름을 입력하세요: ");
            c.send("");
            assertThat(c.next()).isEqualTo("오류: 이름을 입력하세요.");
            assertThat(c.next()).isEqualTo("이름을 입력하세요: ");
        }
    }

    @Test
    void shouldSpeakEachGuestConnectionItsOwnLanguageAndShareChatLines() throws IOException {
        server = TestServers.chat();
        try (LineClient en = LineClient.named(server.chatAddress(), "mina");
                LineClient ko = LineClient.named(server.chatAddress(), "jun")) {
            ko.send("/lang ko");
            ko.expectLine("★이제 한국어로 말합니다.");
            ko.send("/help");
            ko.expectLine("★  /lang [en|ko] - 언어 보기 또는 고르기 (로그인하면 계정에 저장됩니다)");
            try (LineClient third = LineClient.named(server.chatAddress(), "bora")) {
                en.expectLine("* bora joined lobby.");
                ko.expectLine("★bora님이 참여했습니다.");
                third.send("hi both");
                en.expectLine("[bora] hi both");
                ko.expectLine("[bora] hi both");
            }
            en.expectLine("* bora left (connection lost).");
            ko.expectLine("★bora님이 퇴장했습니다. (연결 끊김)");
            en.send("/lang");
            en.expectLine("* Your language is en. Choices: en, ko.");
        }
    }

    @Test
    void shouldNameTheRoomOfAJoinInEnglish() throws IOException {
        server = TestServers.chat();
        try (LineClient mina = LineClient.named(server.chatAddress(), "mina")) {
            mina.expectLine("* mina joined lobby.");
            mina.send("/join dev");
            mina.expectLine("* mina joined dev.");
            mina.send("/part dev");
            mina.expectLine("* mina left dev.");
        }
    }

    @Test
    void shouldSpeakKoreanInEveryTextPrefixAndPlaceholder() throws IOException {
        server = TestServers.korean();
        try (LineClient a = LineClient.named(server.chatAddress(), "철수")) {
            a.expectLine("★철수님이 참여했습니다."); // the seed's line, for the first room
            a.send("/join 개발");
            a.expectLine("★철수님이 개발에 참여했습니다.");
            a.send("/part 개발");
            a.expectLine("★철수님이 개발에서 나갔습니다.");
            a.send("/join");
            a.expectLine("오류: 사용법: /join <방> [열쇠]");
            a.send("/nosuch");
            assertThat(a.next()).startsWith("오류: ").contains("/nosuch");
            a.send("/help");
            a.expect(l -> l.startsWith("★명령어"));
            a.expectLine("★  /msg <이름> <내용> - 귓속말 보내기");
            a.expectLine("★  /nick <이름> - 이름 바꾸기");
            String history = a.expect(l -> l.startsWith("★  /history"));
            assertThat(history).startsWith("★  /history [개수] | /history before <번호> [개수] - ")
                    .contains("메시지, 입장, 주제, 동작");
        }
    }

    @Test
    void shouldSayInHelpWhatHistoryReplays() throws IOException {
        server = TestServers.chat();
        try (LineClient a = LineClient.named(server.chatAddress(), "mina")) {
            a.send("/help");
            String history = a.expect(l -> l.startsWith("*   /history"));
            assertThat(history).isEqualTo("*   /history [n] | /history before <seq> [n] - replay this room's last n "
                    + "messages, joins, topics and actions (default 20), or the n before a number");
        }
    }
}
