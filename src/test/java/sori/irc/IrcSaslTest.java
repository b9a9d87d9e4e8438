package sori.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import sori.chat.Accounts;
import sori.chat.Names;
import sori.chat.Passwords;
import sori.chat.Scram;
import sori.server.ChatServer;
import sori.testing.LineClient;
import sori.testing.TestServers;

/** IRCv3 SASL (PLAIN, SCRAM-SHA-256) and account-notify over real loopback sockets. */
class IrcSaslTest {

    private static final String PASSWORD = "correct-horse";
    private ChatServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start() {
        server = TestServers.chat(c -> c.withIrc(new IrcConfig(0, "irc.test", "testnet")));
    }

    /** An account as {@code sori accounts create} makes it, or (without SCRAM) as one made before V8. */
    private void account(String name, String password, boolean scram) {
        server.store().accounts().create(new Accounts.Account(Names.fold(name), name, Passwords.hash(password),
                System.currentTimeMillis(), null, scram ? Scram.credentials(password) : null));
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String unb64(String s) {
        return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
    }

    /** An IRC client with the sasl capability, not registered yet. */
    private static Irc saslClient(ChatServer s, String... caps) throws IOException {
        Irc i = new Irc(s);
        i.send("CAP LS 302");
        i.expect(":irc\\.test CAP \\* LS :.*\\bsasl=PLAIN,SCRAM-SHA-256\\b.*");
        String wanted = String.join(" ", caps).isEmpty() ? "sasl" : "sasl " + String.join(" ", caps);
        i.send("CAP REQ :" + wanted);
        i.expect(":irc\\.test CAP \\* ACK :?" + wanted);
        return i;
    }

    private static void plain(Irc i, String authcid, String password) throws IOException {
        i.send("AUTHENTICATE PLAIN");
        i.expect("AUTHENTICATE \\+");
        i.send("AUTHENTICATE " + b64("\0" + authcid + "\0" + password));
    }

    private static void register(Irc i, String nick) throws IOException {
        i.send("NICK " + nick).send("USER u 0 * :R").send("CAP END");
        i.expect(":irc\\.test 001 " + Pattern.quote(nick) + " .*");
        i.expect(":irc\\.test 376 .*");
    }

    @Test
    void shouldSignInWithPlainBeforeRegisteringAndKeepTheNickChosen() throws IOException {
        start();
        account("mina", PASSWORD, true);
        try (Irc irc = saslClient(server); Irc other = Irc.registered(server, "jun")) {
            irc.send("NICK mimi");
            plain(irc, "mina", PASSWORD);
            irc.expect(":irc\\.test 900 \\* mimi!~u@sori mina :You are now logged in as mina");
            irc.expect(":irc\\.test 903 \\* :SASL authentication successful");
            irc.send("USER u 0 * :R").send("CAP END");
            irc.expect(":irc\\.test 001 mimi .*");
            irc.send("AUTHENTICATE PLAIN");
            irc.expect(":irc\\.test 907 mimi :You have already authenticated using SASL");

            other.send("WHOIS mimi");
            other.expect(":irc\\.test 330 jun mimi mina :is logged in as");
            other.expect(":irc\\.test 318 jun mimi :.*");
        }
    }

    @Test
    void shouldRefuseAWrongPasswordThenTakeTheRightOneAndTellAnAbort() throws IOException {
        start();
        account("mina", PASSWORD, true);
        try (Irc irc = saslClient(server)) {
            plain(irc, "mina", "wrong-horse");
            irc.expect(":irc\\.test 904 \\* :SASL authentication failed");
            plain(irc, "nobody", PASSWORD);
            irc.expect(":irc\\.test 904 \\* :SASL authentication failed");
            irc.send("AUTHENTICATE PLAIN");
            irc.expect("AUTHENTICATE \\+");
            irc.send("AUTHENTICATE *");
            irc.expect(":irc\\.test 906 \\* :SASL authentication aborted");
            irc.send("AUTHENTICATE FOO");
            irc.expect(":irc\\.test 908 \\* PLAIN,SCRAM-SHA-256 :are available SASL mechanisms");
            irc.expect(":irc\\.test 904 \\* :SASL authentication failed");
            irc.send("AUTHENTICATE PLAIN");
            irc.expect("AUTHENTICATE \\+");
            irc.send("AUTHENTICATE " + "A".repeat(401));
            irc.expect(":irc\\.test 905 \\* :SASL message too long");
            plain(irc, "mina", PASSWORD);
            irc.expect(":irc\\.test 900 .* mina :.*");
            irc.expect(":irc\\.test 903 .*");
            register(irc, "mina");
        }
    }

    @Test
    void shouldTakeAResponseIn400ByteChunksEndedByAPlus() throws IOException {
        start();
        String longPassword = "비밀".repeat(98) + "xx"; // 600 bytes of UTF-8 with the names: two full chunks
        account("mina", longPassword, true);
        try (Irc irc = saslClient(server)) {
            String all = b64("mina\0mina\0" + longPassword);
            assertThat(all.length()).isEqualTo(800);
            irc.send("AUTHENTICATE PLAIN");
            irc.expect("AUTHENTICATE \\+");
            irc.send("AUTHENTICATE " + all.substring(0, 400)).send("AUTHENTICATE " + all.substring(400, 800))
                    .send("AUTHENTICATE +");
            irc.expect(":irc\\.test 900 .* mina :.*");
            irc.expect(":irc\\.test 903 .*");
        }
    }

    @Test
    void shouldSignInAKoreanAccountWithScramComputedHere() throws Exception {
        start();
        account("민아", "비밀번호-말하지마", true);
        try (Irc irc = saslClient(server)) {
            irc.send("AUTHENTICATE SCRAM-SHA-256");
            irc.expect("AUTHENTICATE \\+");
            String clientNonce = "fyko+d2lbbFgONRv9qkxdawL";
            String bare = "n=민아,r=" + clientNonce;
            irc.send("AUTHENTICATE " + b64("n,," + bare));
            String serverFirst = unb64(irc.expect("AUTHENTICATE (.+)").substring("AUTHENTICATE ".length()));
            Matcher m = Pattern.compile("r=(" + Pattern.quote(clientNonce) + "[^,]+),s=([^,]+),i=(\\d+)").matcher(serverFirst);
            assertThat(m.matches()).as(serverFirst).isTrue();
            assertThat(Integer.parseInt(m.group(3))).isEqualTo(Scram.ITERATIONS);

            byte[] salted = Scram.saltedPassword("비밀번호-말하지마", Base64.getDecoder().decode(m.group(2)),
                    Integer.parseInt(m.group(3)));
            byte[] clientKey = Scram.hmac(salted, "Client Key");
            String withoutProof = "c=" + b64("n,,") + ",r=" + m.group(1);
            byte[] authMessage = (bare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
            byte[] signature = Scram.hmac(Scram.sha256(clientKey), authMessage);
            byte[] proof = new byte[32];
            for (int i = 0; i < 32; i++) {
                proof[i] = (byte) (clientKey[i] ^ signature[i]);
            }
            irc.send("AUTHENTICATE " + b64(withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof)));
            String serverFinal = unb64(irc.expect("AUTHENTICATE (.+)").substring("AUTHENTICATE ".length()));
            byte[] expected = Scram.hmac(Scram.hmac(salted, "Server Key"), authMessage);
            assertThat(MessageDigest.isEqual(Base64.getDecoder().decode(serverFinal.substring(2)), expected))
                    .as("the server proves it knows the credentials").isTrue();
            irc.send("AUTHENTICATE +");
            irc.expect(":irc\\.test 900 \\* \\*!~u@sori 민아 :You are now logged in as 민아");
            irc.expect(":irc\\.test 903 \\* :.*");
            register(irc, "민아");
        }
    }

    @Test
    void shouldRefuseAWrongScramProof() throws IOException {
        start();
        account("mina", PASSWORD, true);
        try (Irc irc = saslClient(server)) {
            irc.send("AUTHENTICATE SCRAM-SHA-256");
            irc.expect("AUTHENTICATE \\+");
            irc.send("AUTHENTICATE " + b64("n,,n=mina,r=abcdefgh"));
            String serverFirst = unb64(irc.expect("AUTHENTICATE (.+)").substring("AUTHENTICATE ".length()));
            String nonce = serverFirst.substring(2, serverFirst.indexOf(','));
            irc.send("AUTHENTICATE " + b64("c=biws,r=" + nonce + ",p=" + Base64.getEncoder().encodeToString(new byte[32])));
            irc.expect(":irc\\.test 904 \\* :SASL authentication failed");
        }
    }

    @Test
    void shouldAnswerScramOnlyOnceAnOldAccountSignedInWithItsPassword() throws IOException {
        start();
        account("mina", PASSWORD, false); // made before V8: no SCRAM credentials
        try (Irc irc = saslClient(server)) {
            irc.send("AUTHENTICATE SCRAM-SHA-256");
            irc.expect("AUTHENTICATE \\+");
            irc.send("AUTHENTICATE " + b64("n,,n=mina,r=abcdefgh"));
            irc.expect(":irc\\.test 904 \\* :SASL authentication failed");
            plain(irc, "mina", PASSWORD);
            irc.expect(":irc\\.test 903 .*");
        }
        assertThat(Scram.Credentials.parse(server.store().accounts().find(Names.fold("mina")).orElseThrow().scram())).isNotNull();
        try (Irc irc = saslClient(server)) {
            irc.send("AUTHENTICATE SCRAM-SHA-256");
            irc.expect("AUTHENTICATE \\+");
            irc.send("AUTHENTICATE " + b64("n,,n=mina,r=abcdefgh"));
            irc.expect("AUTHENTICATE (.+)");
        }
    }

    @Test
    void shouldSignInAfterRegisteringAndTellChannelsWithAccountNotify() throws IOException {
        start();
        account("mina", PASSWORD, true);
        try (Irc watcher = saslClient(server, "account-notify");
                Irc irc = saslClient(server);
                LineClient jun = LineClient.named(server.chatAddress(), "jun")) {
            register(watcher, "watcher");
            register(irc, "guest");
            watcher.send("JOIN #tea");
            watcher.expect(":irc\\.test 366 watcher #tea :.*");
            irc.send("JOIN #tea");
            watcher.expect(":guest!~u@sori JOIN #tea");
            jun.send("/join tea");
            watcher.expect(":jun!~u@sori JOIN #tea");

            plain(irc, "mina", PASSWORD);
            irc.expect(":irc\\.test 900 guest guest!~u@sori mina :You are now logged in as mina");
            irc.expect(":irc\\.test 903 guest :SASL authentication successful");
            watcher.expect(":guest!~u@sori ACCOUNT mina");

            jun.send("/register " + PASSWORD);
            watcher.expect(":jun!~u@sori ACCOUNT jun");
            jun.send("/unregister " + PASSWORD);
            watcher.expect(":jun!~u@sori ACCOUNT \\*");
        }
    }

    /** An IRC client: lines without their CR, expectations as regular expressions. */
    private static final class Irc extends IrcTestClient {
        Irc(ChatServer s) throws IOException {
            super(s);
        }

        static Irc registered(ChatServer s, String nick) throws IOException {
            Irc i = new Irc(s);
            i.send("NICK " + nick).send("USER " + nick + " 0 * :Real " + nick);
            i.expect(":irc\\.test 376 " + nick + " .*");
            return i;
        }
    }
}
