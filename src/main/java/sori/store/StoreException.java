package sori.store;

/** The store could not do what was asked (a read failed); the message says what and where, on one line. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
