package dev.taskmill.data;

import dev.taskmill.auth.Caller;
import dev.taskmill.auth.UserSettings;
import dev.taskmill.failure.FieldError;
import dev.taskmill.failure.Invalid;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * When a new task or item expires: {@code ttlSeconds} from the request, else its owner's default
 * (admin-set), else never. The one place that rule and the allowed range live.
 */
@ApplicationScoped
public class Expiry {

  /** The longest time to live: ten years of 365 days. */
  public static final long MAX_TTL_SECONDS = 10L * 365 * 24 * 3600;

  private final UserSettings settings;
  private final Clock clock;

  Expiry(UserSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * {@code ttlSeconds} as a form sends it (text): null when absent or blank; 422 naming {@code
   * field} when it is not a whole number in range.
   */
  public static Long parse(String field, String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    Long ttl;
    try {
      ttl = Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw Invalid.field(field, "must be a whole number of seconds, not '" + text.strip() + "'");
    }
    FieldError error = check(field, ttl);
    if (error != null) {
      throw new Invalid(List.of(error));
    }
    return ttl;
  }

  /** {@link #check} as a 422 for a request with one such field. */
  public static void require(String field, Long ttlSeconds) {
    FieldError error = check(field, ttlSeconds);
    if (error != null) {
      throw new Invalid(List.of(error));
    }
  }

  /** When a thing {@code owner} creates now expires (see {@link #at(Instant, Long, Caller)}). */
  public Instant at(Long ttlSeconds, Caller owner) {
    return at(clock.instant().truncatedTo(ChronoUnit.MILLIS), ttlSeconds, owner);
  }

  /** What is wrong with {@code ttlSeconds} as the field {@code field}, or null when it is fine. */
  public static FieldError check(String field, Long ttlSeconds) {
    if (ttlSeconds != null && (ttlSeconds < 1 || ttlSeconds > MAX_TTL_SECONDS)) {
      return new FieldError(
          field, "must be between 1 and " + MAX_TTL_SECONDS + " seconds (10 years), or absent");
    }
    return null;
  }

  /**
   * When a thing {@code owner} creates at {@code now} expires: {@code ttlSeconds} (checked) from
   * now, else after the owner's default; null when neither is set.
   */
  public Instant at(Instant now, Long ttlSeconds, Caller owner) {
    Long ttl = ttlSeconds != null ? ttlSeconds : settings.of(owner.userId()).defaultTtlSeconds();
    return ttl == null ? null : now.plusSeconds(ttl);
  }
}
