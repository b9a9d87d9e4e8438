package sori.line;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import sori.chat.ChatConfig;
import sori.chat.Delivery;
import sori.chat.Event;
import sori.chat.Hub;
import sori.chat.Session;
import sori.chat.Texts;
import sori.net.LimitCounters;
import sori.store.MemoryEventStore;

/**
 * Members reading different languages: a room event is rendered in each one's language, while a chat line,
 * which reads the same in every language, is still encoded once for all of them.
 */
class PerLanguageEncodingTest {

    private static final byte[] NOT_ENCODED = new byte[0];

    private final Hub hub = new Hub(ChatConfig.defaults(), new MemoryEventStore(10), System::currentTimeMillis);
    private final EmbeddedChannel english = new EmbeddedChannel();
    private final EmbeddedChannel korean = new EmbeddedChannel();
    private final LineMailbox mailbox;
    private final Session[] both;

    PerLanguageEncodingTest() {
        LineCodec[] codecs = new LineCodec[Texts.LANGUAGES.size()];
        for (int i = 0; i < codecs.length; i++) {
            codecs[i] = new LineCodec(Texts.at(i));
        }
        mailbox = new LineMailbox(english.eventLoop(), codecs, 0, UnpooledByteBufAllocator.DEFAULT, 1 << 20,
                new LimitCounters());
        LineSession en = new LineSession(english, mailbox);
        LineSession ko = new LineSession(korean, mailbox);
        en.connect(hub);
        ko.connect(hub);
        hub.input(ko.user(), "/lang ko");
        en.viewRoom = "lobby";
        ko.viewRoom = "lobby";
        both = new Session[] {en, ko};
        read(); // the prompts and the notice
    }

    @AfterEach
    void close() {
        english.finishAndReleaseAll();
        korean.finishAndReleaseAll();
    }

    private List<String> read() {
        english.runPendingTasks();
        List<String> lines = new ArrayList<>();
        for (EmbeddedChannel ch : List.of(english, korean)) {
            StringBuilder b = new StringBuilder();
            Object o;
            while ((o = ch.readOutbound()) != null) {
                b.append(((ByteBuf) o).toString(StandardCharsets.UTF_8));
                ((ByteBuf) o).release();
            }
            lines.add(b.toString());
        }
        return lines;
    }

    @Test
    void shouldEncodeAChatLineOnceForEveryLanguage() {
        Delivery said = new Delivery(new Event.Said("lobby", 1, 0, "mina", "hi"));
        mailbox.post(said, both);
        assertThat(read()).containsExactly("[mina] hi\n", "[mina] hi\n");
        assertThat(said.<byte[]>encoded(LineCodec.PLAIN, 0, e -> NOT_ENCODED)).asString(StandardCharsets.UTF_8)
                .isEqualTo("[mina] hi\n");
        assertThat(said.<byte[]>encoded(LineCodec.PLAIN, 1, e -> NOT_ENCODED)).isSameAs(NOT_ENCODED);
    }

    @Test
    void shouldRenderARoomNoticeInEachMembersLanguage() {
        Delivery joined = new Delivery(new Event.Joined("dev", 2, 0, "jun"));
        mailbox.post(joined, both);
        assertThat(read()).containsExactly("#dev * jun joined dev.\n", "#dev ★jun님이 dev에 참여했습니다.\n");
    }

    @Test
    void shouldRenderAModerationEventInEachMembersLanguageAndAChatLineAfterItOnce() {
        Delivery kick = new Delivery(new Event.Moderated("lobby", 3, 0, "mina", Event.ModAction.KICK, "eve", null, "spam"));
        Delivery said = new Delivery(new Event.Said("lobby", 4, 0, "mina", "ok"));
        mailbox.post(kick, both);
        mailbox.post(said, both);
        assertThat(read()).containsExactly("* eve was kicked from lobby by mina (spam)\n[mina] ok\n",
                "★eve님이 mina님에 의해 lobby에서 쫓겨났습니다 (spam)\n[mina] ok\n");
        assertThat(said.<byte[]>encoded(LineCodec.PLAIN, 1, e -> NOT_ENCODED)).isSameAs(NOT_ENCODED);
    }
}
