package sori;

/**
 * A failure the user caused or can fix (port in use, host unknown, bad file): the CLI prints its
 * message as one line and exits 1, with no stack trace.
 */
public class UserFacingException extends RuntimeException {
    public UserFacingException(String message) {
        super(message);
    }

    public UserFacingException(String message, Throwable cause) {
        super(message, cause);
    }
}
