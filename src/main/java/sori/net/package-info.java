/**
 * Netty plumbing shared by every listener and client: transport choice, binding, and the limit
 * handlers every chat transport puts in its pipeline ({@link sori.net.Guards}: connection caps, flood
 * control, the name deadline, keepalive and ping liveness), with their settings ({@link sori.net.Limits})
 * and counters ({@link sori.net.LimitCounters}).
 */
package sori.net;
