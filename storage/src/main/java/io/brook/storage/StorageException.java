package io.brook.storage;

/** A storage operation failed because of the file system (I/O error, full disk, missing permission). */
public class StorageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public StorageException(String message) {
        super(message);
    }
}
