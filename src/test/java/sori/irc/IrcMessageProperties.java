package sori.irc;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import sori.line.LineFramer;
import sori.testing.FuzzBudget;

/**
 * The IRC parser and formatter on their own, and behind the framer fed the same lines cut into
 * arbitrary chunks: whatever the cuts, the same messages come out; a formatted message parses back to
 * itself; and nothing a client sends makes the parser throw.
 */
@AddLifecycleHook(FuzzBudget.class)
class IrcMessageProperties {

    @Provide
    static Arbitrary<IrcMessage> messages() {
        Arbitrary<String> word = Arbitraries.strings().withChars("abcXYZ09#-_[]\\^{}|!@.*é한").ofMinLength(1).ofMaxLength(12)
                .filter(w -> w.charAt(0) != ':' && w.charAt(0) != '@');
        Arbitrary<String> trailing = Arbitraries.strings().withChars("ab :;\\=é한\u0001").ofMaxLength(40);
        Arbitrary<String> key = Arbitraries.strings().withChars("abz+-/.0").ofMinLength(1).ofMaxLength(8);
        Arbitrary<String> value = Arbitraries.strings().withChars("ab ;\\=\r\né").ofMaxLength(10);
        Arbitrary<Map<String, String>> tags = Arbitraries.maps(key, value).ofMaxSize(4);
        Arbitrary<String> source = Arbitraries.oneOf(Arbitraries.just(null), word);
        Arbitrary<String> command = Arbitraries.oneOf(Arbitraries.of("PRIVMSG", "NICK", "JOIN", "CAP", "001", "433"),
                Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(1).ofMaxLength(10));
        Arbitrary<List<String>> middles = word.list().ofMaxSize(5);
        return Combinators.combine(tags, source, command, middles, trailing, Arbitraries.of(true, false))
                .as((t, s, c, m, tr, withTrailing) -> {
                    List<String> p = new ArrayList<>(m);
                    if (withTrailing) {
                        p.add(tr);
                    }
                    return new IrcMessage(t, s, c, p);
                });
    }

    @Property(tries = 2000)
    void shouldParseWhatItFormats(@ForAll("messages") IrcMessage m, @ForAll boolean forceTrailing) {
        assertThat(IrcMessage.parse(m.format(forceTrailing))).isEqualTo(m);
    }

    @Property(tries = 2000)
    void shouldNeverThrowOnAnyLine(@ForAll String line) {
        IrcMessage m = IrcMessage.parse(line);
        if (m != null) {
            assertThat(m.command()).isNotEmpty();
            assertThat(m.params().size()).isLessThanOrEqualTo(IrcMessage.MAX_PARAMS);
        }
        IrcMessage.tooLong(line);
    }

    @Provide
    static Arbitrary<List<IrcMessage>> messageLists() {
        return messages().list().ofMaxSize(12);
    }

    @Provide
    static Arbitrary<List<Integer>> cuts() {
        return Arbitraries.integers().between(0, 4000).list().ofMaxSize(20);
    }

    @Property(tries = 500)
    void shouldReadTheSameMessagesHoweverTheBytesAreCut(@ForAll("messageLists") List<IrcMessage> sent,
            @ForAll("cuts") List<Integer> cuts, @ForAll boolean crlf) {
        StringBuilder all = new StringBuilder();
        for (IrcMessage m : sent) {
            all.append(m.format()).append(crlf ? "\r\n" : "\n");
        }
        byte[] bytes = all.toString().getBytes(StandardCharsets.UTF_8);
        EmbeddedChannel ch = new EmbeddedChannel(new LineFramer(IrcMessage.MAX_LINE_BYTES, 0));
        List<Integer> at = cuts.stream().map(c -> bytes.length == 0 ? 0 : c % (bytes.length + 1)).sorted().toList();
        int from = 0;
        for (int cut : at) {
            ch.writeInbound(Unpooled.wrappedBuffer(bytes, from, cut - from));
            from = cut;
        }
        ch.writeInbound(Unpooled.wrappedBuffer(bytes, from, bytes.length - from));
        List<IrcMessage> got = new ArrayList<>();
        Object line;
        while ((line = ch.readInbound()) != null) {
            got.add(IrcMessage.parse((String) line));
        }
        ch.finishAndReleaseAll();
        assertThat(got).isEqualTo(sent);
    }

    @Example
    void shouldReadTagsSourceAndTrailingAsTheSpecShows() {
        IrcMessage m = IrcMessage.parse("@id=234AB;+example.com/key=a\\sb\\:c\\\\ :dan!d@localhost PRIVMSG #chan :Hey what's up! ");
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("id", "234AB");
        tags.put("+example.com/key", "a b;c\\");
        assertThat(m).isEqualTo(new IrcMessage(tags, "dan!d@localhost", "PRIVMSG", List.of("#chan", "Hey what's up! ")));
        assertThat(IrcMessage.parse("cap  ls   302")).isEqualTo(IrcMessage.of(null, "CAP", "ls", "302"));
        assertThat(IrcMessage.parse("PRIVMSG #a :")).isEqualTo(IrcMessage.of(null, "PRIVMSG", "#a", ""));
        assertThat(IrcMessage.parse("   ")).isNull();
        assertThat(IrcMessage.parse("@a=b")).isNull();
        assertThat(IrcMessage.parse("A 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16").params())
                .hasSize(15).last().isEqualTo("15 16");
    }

    @Example
    void shouldCountTheLimitsInBytesTagsApart() {
        String body = "PRIVMSG #a :" + "é".repeat(249); // 12 + 498 bytes, 512 with the line end
        assertThat(IrcMessage.tooLong(body)).isFalse();
        assertThat(IrcMessage.tooLong(body + "x")).isTrue();
        String tags = "@k=" + "v".repeat(IrcMessage.MAX_TAG_BYTES - 5 + 1); // '@' + tags + ' ' is 8191
        assertThat(IrcMessage.tooLong(tags + " " + body)).isFalse();
        assertThat(IrcMessage.tooLong(tags + "v " + body)).isTrue();
    }

    @Example
    void shouldSplitLongTextAtCharacterBoundariesWithinTheLineLimit() {
        String text = "가".repeat(400) + "😀".repeat(100);
        List<IrcMessage> lines = IrcCodec.privmsg(IrcCodec.mask("mina"), "#lobby", text, true);
        assertThat(lines).hasSizeGreaterThan(1);
        StringBuilder joined = new StringBuilder();
        for (IrcMessage m : lines) {
            assertThat((m.format(true) + "\r\n").getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(512);
            String p = m.param(1);
            assertThat(p).startsWith("\1ACTION ").endsWith("\1");
            joined.append(p, 8, p.length() - 1);
        }
        assertThat(joined.toString()).isEqualTo(text);
    }
}
