/** Where room history is kept: behind {@link sori.chat.History}, an in-memory ring by default. */
package sori.store;
