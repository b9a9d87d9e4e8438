/**
 * Where a command's settings come from besides its flags: the environment ({@code SORI_WEB_PORT}) and a
 * TOML file ({@code --config}), read generically over picocli's model so that every option of a command,
 * including ones added later, is covered without edits. Precedence: flag, environment, file, default.
 */
package sori.config;
