package dev.taskmill.store;

/**
 * A file that is complete in the store.
 *
 * @param key the store's name for it (opaque to clients; never a path they see)
 * @param size its length in bytes
 * @param sha256 lowercase hex SHA-256 of its bytes, computed while it was written
 */
public record StoredFile(String key, long size, String sha256) {}
