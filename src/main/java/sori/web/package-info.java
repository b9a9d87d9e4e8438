/**
 * The browser chat: one HTTP port serving the bundled page ({@code sori/web/static/}), a health probe,
 * and the WebSocket JSON protocol ({@code docs/protocol.md}) on the same Hub as every other transport.
 * {@link sori.web.WebInitializer} builds the pipeline; the codec is pure and tested on its own.
 */
package sori.web;
