/** Netty plumbing shared by every listener and client: transport choice, binding, and shared handlers. */
package sori.net;
