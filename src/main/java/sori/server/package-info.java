/** The composition root of {@code sori server}: event loops, the Hub, listeners, and orderly shutdown. */
package sori.server;
