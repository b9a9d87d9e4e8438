/**
 * {@code sori bench}: a load generator for the chat server and the echo server.
 *
 * <p>Three scenarios share one client pipeline ({@link sori.bench.LineClientHandler}): fan-out (clients in one
 * room, some sending timestamped lines, every member measuring delivery latency), echo (one message in flight
 * per connection) and idle (how many registered connections a server holds, and what they cost it). Each
 * event loop counts into its own {@link sori.bench.LoopStats}, so the hot path takes no lock; the main thread
 * merges them once a second for the progress line and at the end for the report (text, JSON, HTML).
 *
 * <p>Fan-out and idle also run over the web port's WebSocket JSON ({@code --proto ws}): a
 * {@link sori.bench.WsBridge} in front of the same handler does the upgrade and the JSON, so the scenarios
 * and their reports do not change. Over IRC ({@code --proto irc}) an {@link sori.bench.IrcBridge} does the same
 * on any IRC server: registration, {@code JOIN #lobby}, and PRIVMSGs.
 */
package sori.bench;
