package sori.irc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import sori.chat.Hub;

/**
 * IRCv3 {@code draft/multiline} from a client: {@code BATCH +ref draft/multiline #channel}, lines tagged
 * {@code batch=ref} ({@code draft/multiline-concat} on one that continues the last without a line break),
 * then {@code BATCH -ref}, said in the channel as one message whose lines are separated by {@code \n}.
 * Checked as the lines come (each its own {@code FAIL BATCH}); a batch that fails is dropped whole.
 * One connection's, on its loop only.
 */
final class IrcMultiline {

    /** Most bytes of text in one batch, the line breaks between its lines counted. */
    static final int MAX_BYTES = 4096;
    /** Most lines in one batch. */
    static final int MAX_LINES = 100;
    /** The capability's CAP LS 302 value. */
    static final String CAP_VALUE = "max-bytes=" + MAX_BYTES + ",max-lines=" + MAX_LINES;
    static final String CAP = "draft/multiline";
    static final String CONCAT = "draft/multiline-concat";

    /** Where an accepted batch goes: its target, command ({@code PRIVMSG}/{@code NOTICE}) and text. */
    interface Sink {
        void said(String target, String command, String text, Batch batch);
    }

    /** A batch being received; once ended, its lines ({@link #parts}) and which continue the last ({@link #concat}). */
    static final class Batch {
        final String ref;
        final String target;
        final Map<String, String> tags;
        String command;
        final List<String> parts = new ArrayList<>();
        final List<Boolean> concat = new ArrayList<>();
        int bytes;

        Batch(String ref, String target, Map<String, String> tags) {
            this.ref = ref;
            this.target = target;
            this.tags = tags;
        }

        /** The lines as one text: each after a {@code \n}, but one that continues the last right after it. */
        String text() {
            StringBuilder b = new StringBuilder(bytes);
            for (int i = 0; i < parts.size(); i++) {
                if (i > 0 && !concat.get(i)) {
                    b.append('\n');
                }
                b.append(parts.get(i));
            }
            return b.toString();
        }

        /** Where in {@link #text} the lines that continue the last start. */
        List<Integer> joins() {
            List<Integer> out = new ArrayList<>();
            int at = 0;
            for (int i = 0; i < parts.size(); i++) {
                if (i > 0) {
                    if (concat.get(i)) {
                        out.add(at);
                    } else {
                        at++;
                    }
                }
                at += parts.get(i).length();
            }
            return out;
        }
    }

    private final IrcSession session;
    private final IrcMailbox mailbox;
    private final IrcCodec codec;
    private final int maxBytes;
    private final Sink sink;
    private Batch open;
    /** The reference of the last batch refused: its remaining lines and its end are dropped without a word. */
    private String dropped;

    IrcMultiline(IrcSession session, IrcMailbox mailbox, Hub hub, Sink sink) {
        this.session = session;
        this.mailbox = mailbox;
        this.codec = session.codec();
        // Never more than the chat takes in one line from any transport.
        this.maxBytes = Math.min(MAX_BYTES, hub.config().maxLineBytes());
        this.sink = sink;
    }

    /** {@code BATCH +ref type target} or {@code BATCH -ref} from the client. */
    void batch(IrcMessage m) {
        String ref = m.param(0);
        if (ref == null || ref.length() < 2 || ref.charAt(0) != '+' && ref.charAt(0) != '-') {
            fail("MULTILINE_INVALID", "Invalid batch reference");
            return;
        }
        if (ref.charAt(0) == '+') {
            if (!session.has(CAP) || !CAP.equals(m.param(1)) || m.param(2) == null) {
                fail("MULTILINE_INVALID", "Only draft/multiline batches with a target are taken");
            } else if (open != null) {
                drop();
                fail("MULTILINE_INVALID", "A batch is already open");
            } else {
                open = new Batch(ref.substring(1), m.param(2), m.tags());
            }
            return;
        }
        Batch b = open;
        open = null;
        if (ref.substring(1).equals(dropped)) {
            dropped = null;
        } else if (b == null || !b.ref.equals(ref.substring(1))) {
            fail("MULTILINE_INVALID", "No such batch open");
        } else if (b.parts.isEmpty() || b.parts.stream().allMatch(String::isBlank)) {
            fail("MULTILINE_INVALID", "A multiline batch must hold some text");
        } else {
            sink.said(b.target, b.command, b.text(), b);
        }
    }

    /**
     * The label that answers {@code BATCH} line {@code m}: none for an opening one (its label waits for
     * the end), the opening line's for the end of the batch open, else {@code m}'s own.
     */
    String label(IrcMessage m) {
        String ref = m.param(0);
        if (ref != null && ref.startsWith("+")) {
            return null;
        }
        if (ref != null && ref.startsWith("-") && open != null && open.ref.equals(ref.substring(1))) {
            return open.tags.get("label");
        }
        return m.tags().get("label");
    }

    /** True when {@code m} belongs in a batch: it is taken here (kept, or refused), not run on its own. */
    boolean takes(IrcMessage m) {
        String ref = m.tags().get("batch");
        if (ref == null) {
            return false;
        }
        Batch b = open;
        if (ref.equals(dropped)) {
            return true;
        }
        if (b == null || !b.ref.equals(ref)) {
            drop();
            fail("MULTILINE_INVALID", "No such batch open");
            return true;
        }
        String command = m.command();
        if (!command.equals("PRIVMSG") && !command.equals("NOTICE") || b.command != null && !b.command.equals(command)
                || m.param(0) == null || !m.param(0).equalsIgnoreCase(b.target)) {
            drop();
            fail("MULTILINE_INVALID", "Every line of a batch is a PRIVMSG or NOTICE to its target");
            return true;
        }
        b.command = command;
        String text = m.param(1) == null ? "" : m.param(1);
        boolean concat = m.tags().containsKey(CONCAT);
        if (concat && text.isEmpty()) {
            drop();
            fail("MULTILINE_INVALID", "A blank line cannot continue the last");
            return true;
        }
        b.bytes += IrcMessage.utf8Length(text) + (b.parts.isEmpty() || concat ? 0 : 1);
        if (b.parts.size() == MAX_LINES) {
            drop();
            fail("MULTILINE_MAX_LINES", String.valueOf(MAX_LINES), "Too many lines in a multiline batch");
        } else if (b.bytes > maxBytes) {
            drop();
            fail("MULTILINE_MAX_BYTES", String.valueOf(maxBytes), "Too many bytes in a multiline batch");
        } else {
            b.concat.add(concat && !b.parts.isEmpty());
            b.parts.add(sori.chat.Text.clean(text)); // cleaned here, so the offsets of joins stay true
        }
        return true;
    }

    /** Forgets the open batch, and drops what else comes for it. */
    private void drop() {
        if (open != null) {
            dropped = open.ref;
        }
        open = null;
    }

    private void fail(String code, String... rest) {
        List<String> p = new ArrayList<>(List.of("BATCH", code));
        p.addAll(List.of(rest));
        mailbox.reply(session, IrcMessage.of(codec.server(), "FAIL", p.toArray(String[]::new)));
    }
}
