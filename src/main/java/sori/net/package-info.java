/**
 * Netty plumbing shared by every listener and client: transport choice, binding, shared handlers, and
 * TLS ({@link sori.net.TlsContexts} for servers: one certificate for every port, told apart from plain
 * text by the first bytes, reloadable; {@link sori.net.ClientTls} for clients).
 */
package sori.net;
