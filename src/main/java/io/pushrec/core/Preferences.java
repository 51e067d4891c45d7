package io.pushrec.core;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;

/**
 * What a user told us about receiving pushes.
 *
 * @param pushOptOut true: never push to this user, whatever the scores say
 * @param language "en" or "zh", or null to follow the browser's Accept-Language
 * @param timeZone an IANA zone such as "Asia/Shanghai", or null while unknown (then no quiet hours apply)
 */
public record Preferences(boolean pushOptOut, String language, String timeZone) {
  public static final Preferences DEFAULT = new Preferences(false, null, null);
  public static final Set<String> LANGUAGES = Set.of("en", "zh");

  public Preferences {
    if (language != null && !LANGUAGES.contains(language)) throw new IllegalArgumentException("language " + language);
    if (timeZone != null && zone(timeZone).isEmpty()) throw new IllegalArgumentException("timeZone " + timeZone);
  }

  /** The zone, if the name is one Java knows; never throws, so untrusted event context can be offered. */
  public static Optional<ZoneId> zone(String name) {
    if (name == null || name.isBlank()) return Optional.empty();
    try {
      return Optional.of(ZoneId.of(name));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  public Optional<ZoneId> zone() {
    return zone(timeZone);
  }

  public Preferences withTimeZone(String zone) {
    return new Preferences(pushOptOut, language, zone);
  }
}
