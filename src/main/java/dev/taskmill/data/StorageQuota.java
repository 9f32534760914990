package dev.taskmill.data;

import dev.taskmill.auth.Caller;
import dev.taskmill.auth.UserSettings;
import dev.taskmill.failure.QuotaExceeded;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Refuses a new upload or inline item that would take its owner over their storage quota (set by an
 * admin; none by default). Module outputs are not refused: a task's result is stored and counted,
 * so a user over quota finds it, and then can upload nothing until they delete items. Concurrent
 * uploads of one user are checked each against what is stored before them, so together they may
 * pass the quota by what they add; the next upload is then refused.
 */
@ApplicationScoped
public class StorageQuota {

  private final UserSettings settings;
  private final StorageUse use;

  StorageQuota(UserSettings settings, StorageUse use) {
    this.settings = settings;
    this.use = use;
  }

  /** Throws {@link QuotaExceeded} when {@code owner} may not store {@code adding} more bytes. */
  public void require(Caller owner, long adding) {
    Long quota = settings.of(owner.userId()).storageQuotaBytes();
    if (quota == null) {
      return;
    }
    StorageUse.Use used = use.of(owner.userId());
    if (used.bytes() + adding > quota) {
      throw new QuotaExceeded(
          "This would store "
              + adding
              + " bytes, but the user '"
              + owner.user()
              + "' already uses "
              + used.bytes()
              + " bytes of a storage quota of "
              + quota
              + " bytes ("
              + Math.max(0, quota - used.bytes())
              + " bytes free, "
              + used.items()
              + (used.items() == 1 ? " item" : " items")
              + "). Nothing was stored: delete items (or let them expire), or ask an admin for a"
              + " larger quota.");
    }
  }
}
