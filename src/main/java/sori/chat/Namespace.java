package sori.chat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The name namespace beyond this process, and the way to people held elsewhere: in a cluster, Redis records
 * which node holds each folded name ({@link Names#fold}), and a private message to a name held by another node
 * is relayed to it. {@link #LOCAL} is one process alone: every claim answers at once and nobody is elsewhere.
 *
 * <p>The Hub reserves a name here before its own {@link Directory} takes it, and gives it back after the
 * directory let go. Claims are counted per name on this node: each {@link #claim} that answered true is matched
 * by one {@link #release}, and the name is the cluster's again only when the last one is. The Hub keeps one
 * claim for each person holding a name, and one more for as long as it admits or renames someone to it; so the
 * claim a person makes while such a reservation is held answers at once.
 *
 * <p>Stages complete on a thread that may call back into the Hub (never a Redis client's I/O thread, never
 * while the caller's locks are held), or at once on the caller's thread.
 */
public interface Namespace {

    /**
     * Reserves {@code key} for this node: true when it was free or is this node's already, false when a person on
     * another node holds it. Fails when the cluster cannot answer (unreachable, or this node's lease ran out).
     * Answers at once when this node holds {@code key} already.
     */
    CompletionStage<Boolean> claim(String key);

    /** Gives back one claim of {@code key}; the last one frees it for every node. Never blocks. */
    void release(String key);

    /**
     * Hands {@code message} to the node whose person holds {@code key}, which delivers it to every connection
     * of that person as a local private message would be. True when a node holding {@code key} took it, false
     * when nobody elsewhere holds it; fails when the cluster cannot answer. Called only for names nobody here
     * holds.
     */
    CompletionStage<Boolean> deliver(String key, Event.Private message);

    /** The node holding {@code key} elsewhere (its id), or null when none does. */
    CompletionStage<String> locate(String key);

    /** One process is the whole namespace. */
    Namespace LOCAL = new Namespace() {
        private final CompletionStage<Boolean> yes = CompletableFuture.completedStage(true);
        private final CompletionStage<Boolean> no = CompletableFuture.completedStage(false);
        private final CompletionStage<String> nowhere = CompletableFuture.completedStage(null);

        @Override
        public CompletionStage<Boolean> claim(String key) {
            return yes;
        }

        @Override
        public void release(String key) {}

        @Override
        public CompletionStage<Boolean> deliver(String key, Event.Private message) {
            return no;
        }

        @Override
        public CompletionStage<String> locate(String key) {
            return nowhere;
        }
    };
}
