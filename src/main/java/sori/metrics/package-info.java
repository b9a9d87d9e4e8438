/**
 * Operations: the server's meters (Micrometer, read from the counters the hot path keeps in
 * {@link sori.net.Traffic} and {@link sori.net.LimitCounters}) and the small HTTP endpoint that serves
 * them in the Prometheus text format, with liveness and readiness, on its own port and thread.
 */
package sori.metrics;
