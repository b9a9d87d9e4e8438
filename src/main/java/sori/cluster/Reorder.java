package sori.cluster;

import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import sori.cluster.RoomLog.Entry;

/**
 * One followed room's delivery order: entries come in from the live channel (any order, repeats, losses) and
 * from gap fills, and leave in strict seq order from {@code last + 1}, each once. An entry past a gap waits;
 * the gap (after {@code last}, before the first waiting seq, or up to a seq {@link #known} from an append's
 * reply) is asked of the filler once; a fill that fails or comes back short is asked again at the next entry or
 * {@link #known} call, not in a loop. Thread-safe: every method is synchronized, and {@code deliver} runs under
 * that lock (so it must be quick and must not block); the filler is called under it too and may complete on
 * any thread, even at once.
 */
public final class Reorder {

    /** Reads the entries with {@code afterSeq < seq < beforeSeq}, in order (from the stream, then the store). */
    @FunctionalInterface
    public interface GapFiller {
        CompletionStage<List<Entry>> fill(long afterSeq, long beforeSeq);
    }

    private final Consumer<Entry> deliver;
    private final GapFiller filler;
    private final TreeMap<Long, String> waiting = new TreeMap<>();
    private long last;
    private long known;
    /** The {@code last} the newest fill is running for, or -1: one fill per gap. */
    private long filling = -1;
    /** The {@code last} whose fill came back without closing the gap: not asked again until new input. */
    private long tried = -1;

    /** Delivers from {@code last + 1}: {@code last} is what the caller already has (its catch-up point). */
    public Reorder(long last, Consumer<Entry> deliver, GapFiller filler) {
        if (last < 0) {
            throw new IllegalArgumentException("last must be >= 0: " + last);
        }
        this.last = last;
        this.known = last;
        this.deliver = deliver;
        this.filler = filler;
    }

    /** An entry from the live channel or anywhere else; repeats and old ones are dropped. */
    public synchronized void accept(long seq, String json) {
        take(seq, json);
        tried = -1;
        fillGap();
    }

    /** Seq {@code seq} exists (an append said so): if it has not come by now, the gap up to it is filled. */
    public synchronized void known(long seq) {
        if (seq > known) {
            known = seq;
        }
        tried = -1;
        fillGap();
    }

    /** The last seq delivered. */
    public synchronized long last() {
        return last;
    }

    private void take(long seq, String json) {
        if (seq <= last) {
            return;
        }
        known = Math.max(known, seq);
        waiting.putIfAbsent(seq, json);
        while (!waiting.isEmpty() && waiting.firstKey() == last + 1) {
            last++;
            deliver.accept(new Entry(last, waiting.pollFirstEntry().getValue()));
        }
    }

    private void fillGap() {
        if (known <= last || filling == last || tried == last) {
            return;
        }
        long after = last;
        long before = waiting.isEmpty() ? known + 1 : waiting.firstKey();
        filling = after;
        CompletionStage<List<Entry>> fill;
        try {
            fill = filler.fill(after, before);
        } catch (RuntimeException e) {
            filling = -1;
            tried = after;
            return;
        }
        fill.whenComplete((entries, error) -> filled(after, entries));
    }

    private synchronized void filled(long after, List<Entry> entries) {
        if (filling == after) {
            filling = -1;
        }
        if (entries != null) {
            for (Entry e : entries) {
                take(e.seq(), e.json());
            }
        }
        if (last == after) {
            tried = after; // nothing new: wait for the next accept or known before asking again
        }
        fillGap();
    }
}
