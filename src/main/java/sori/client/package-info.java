/**
 * The interactive client: what is typed is sent while what arrives is printed, like the seed's
 * send-thread/receive-thread client, for any TCP host. {@link sori.client.Client} connects,
 * {@code ClientInitializer} builds the pipeline (room for TLS first), {@code ClientHandler} prints
 * and {@code StdinPump} sends.
 */
package sori.client;
