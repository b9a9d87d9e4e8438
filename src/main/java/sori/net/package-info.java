/**
 * Netty plumbing shared by every listener and client: transport choice, binding, and the limit
 * handlers every chat transport puts in its pipeline ({@link sori.net.Guards}: connection caps, flood
 * control, the name deadline, keepalive and ping liveness), with their settings ({@link sori.net.Limits})
 * and counters ({@link sori.net.LimitCounters}), and TLS
 * ({@link sori.net.TlsContexts} for servers: one certificate for every port, told apart from plain
 * text by the first bytes, reloadable; {@link sori.net.ClientTls} for clients).
 */
package sori.net;
