package sori.client;

import io.netty.channel.Channel;

/** Lets the stdin thread wait while the channel is not writable, so a huge pipe costs bounded memory. */
final class WritableGate {

    /** Waits until {@code ch} can take more, or is closed; true when it is still open. */
    synchronized boolean await(Channel ch) throws InterruptedException {
        while (ch.isActive() && !ch.isWritable()) {
            wait(1_000); // woken by changed(); the timeout only guards against a missed close
        }
        return ch.isActive();
    }

    /** Called from the event loop when writability changes or the channel closes. */
    synchronized void changed() {
        notifyAll();
    }
}
