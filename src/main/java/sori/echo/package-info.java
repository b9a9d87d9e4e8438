/**
 * The echo server, TCP and UDP: the seed's first programs done right. Every byte goes back to its
 * sender at once; a line {@code end} (or a bare {@code end} followed by a pause) ends a TCP client.
 * No Hub here: {@link sori.echo.EchoServer} binds, {@code EchoInitializer} builds the pipeline,
 * {@code EchoHandler} echoes.
 */
package sori.echo;
