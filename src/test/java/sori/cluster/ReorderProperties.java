package sori.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.LongStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import sori.cluster.RoomLog.Entry;
import sori.testing.FuzzBudget;

/**
 * {@link Reorder} fed 1..n shuffled, repeated and with holes: whatever arrives, 1..n comes out once each, in
 * order, and each gap is asked of the filler once.
 */
@AddLifecycleHook(FuzzBudget.class)
class ReorderProperties {

    @Property(tries = 1000)
    void shouldDeliverOneToNInOrderOnceWhateverArrives(@ForAll @IntRange(min = 1, max = 60) int n,
            @ForAll long seed, @ForAll boolean fillLater) {
        Random random = new Random(seed);
        List<Long> arrivals = new ArrayList<>();
        for (long s = 1; s <= n; s++) {
            int copies = random.nextInt(4); // 0: lost on the live channel, only a gap fill brings it
            for (int c = 0; c < copies; c++) {
                arrivals.add(s);
            }
        }
        Collections.shuffle(arrivals, random);
        List<Long> out = new ArrayList<>();
        Map<Long, Integer> asked = new HashMap<>();
        List<Runnable> later = new ArrayList<>();
        Reorder reorder = new Reorder(0, e -> out.add(e.seq()), (after, before) -> {
            assertThat(before).isGreaterThan(after + 1);
            asked.merge(after, 1, Integer::sum);
            List<Entry> log = LongStream.range(after + 1, before).mapToObj(s -> new Entry(s, "e" + s)).toList();
            if (!fillLater) {
                return CompletableFuture.completedFuture(log);
            }
            CompletableFuture<List<Entry>> f = new CompletableFuture<>();
            later.add(() -> f.complete(log)); // completed between arrivals, as a reply from Redis would be
            return f;
        });
        for (long s : arrivals) {
            reorder.accept(s, "e" + s);
            if (!later.isEmpty() && random.nextBoolean()) {
                later.removeFirst().run();
            }
        }
        reorder.known(n); // the append's reply: n exists even if it never came live
        while (!later.isEmpty()) {
            later.removeFirst().run();
        }
        assertThat(out).containsExactlyElementsOf(LongStream.rangeClosed(1, n).boxed().toList());
        assertThat(asked.values()).allMatch(times -> times == 1);
        assertThat(reorder.last()).isEqualTo(n);
    }

    @Property(tries = 300)
    void shouldAskAgainAfterAFailedFillOnlyWhenSomethingNewArrives(@ForAll @IntRange(min = 3, max = 30) int n) {
        List<Long> out = new ArrayList<>();
        int[] calls = {0};
        Reorder reorder = new Reorder(0, e -> out.add(e.seq()), (after, before) -> {
            calls[0]++;
            CompletionStage<List<Entry>> f = calls[0] == 1 ? CompletableFuture.failedFuture(new IllegalStateException("down"))
                    : CompletableFuture.completedFuture(LongStream.range(after + 1, before).mapToObj(s -> new Entry(s, "")).toList());
            return f;
        });
        reorder.accept(n, "");
        assertThat(calls[0]).isEqualTo(1);
        assertThat(out).isEmpty();
        reorder.known(n);
        assertThat(out).containsExactlyElementsOf(LongStream.rangeClosed(1, n).boxed().toList());
        assertThat(calls[0]).isEqualTo(2);
    }
}
