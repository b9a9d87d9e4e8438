/**
 * The plain-text chat protocol (netcat, telnet, the seed's clients): bounded line framing, lines to
 * Hub calls, and events to text through a per-event-loop mailbox that batches fan-out writes.
 */
package sori.line;
