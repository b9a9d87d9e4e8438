/**
 * Cluster mode on Redis (issue 14, {@code docs/cluster-design.md}): the same domain interfaces kept in Redis
 * through Lettuce, so several nodes share one name namespace and one order per room. {@link sori.cluster.NodeLease}
 * says whether this node still counts as alive, {@link sori.cluster.ClusterDirectory} holds names and
 * {@link sori.cluster.Reaper} frees what a dead node left behind. No other package touches Lettuce.
 */
package sori.cluster;
