/**
 * Cluster mode on Redis (issue 14, {@code docs/cluster-design.md}): several nodes share one name namespace
 * and one order per room. {@link sori.cluster.RedisConnector} opens one Lettuce client for a standalone
 * server or a Redis Cluster; {@link sori.cluster.RoomLog} gives each room a sequence, a stream and a sharded
 * live channel, and {@link sori.cluster.Reorder} turns the live channel plus reads of the stream into one
 * gap-free order per room. {@link sori.cluster.NodeLease} says whether this node still counts as alive,
 * {@link sori.cluster.ClusterDirectory} holds names and {@link sori.cluster.Reaper} frees what a dead node
 * left behind, with {@link sori.cluster.Takeover} announcing its members' leaving and storing its rooms' last
 * events. The only package that knows Lettuce; {@code sori.chat} never imports it.
 */
package sori.cluster;
