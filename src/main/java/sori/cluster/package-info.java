/**
 * Cluster mode on Redis (issue 14, {@code docs/cluster-design.md}): {@link sori.cluster.RedisConnector} opens one
 * Lettuce client for a standalone server or a Redis Cluster; {@link sori.cluster.RoomLog} gives each room a
 * sequence, a stream and a sharded live channel; {@link sori.cluster.Reorder} turns the live channel plus reads
 * of the stream into one gap-free order per room. The only package that knows Lettuce; {@code sori.chat} never
 * imports it.
 */
package sori.cluster;
