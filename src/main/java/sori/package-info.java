/** The {@code sori} root command and what every subcommand shares (version, user-facing errors). */
package sori;
