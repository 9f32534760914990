package dev.taskmill.store;

import jakarta.inject.Qualifier;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link FileStore} implementation. The rest of the service injects the plain {@link
 * FileStore} that {@link FileStores} chooses by {@code taskmill.store.type}; a test that needs one
 * implementation's own methods injects it with this qualifier.
 */
@Qualifier
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD})
public @interface StoreBackend {}
