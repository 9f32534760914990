package dev.taskmill.webhook;

import dev.taskmill.config.TaskmillConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides which URLs a webhook may call: http or https, a host that resolves, and (unless {@code
 * taskmill.webhooks.allow-private}) none of its addresses loopback, private or link-local, so that
 * a webhook cannot make the service reach what sits behind it. Checked when a webhook is saved and
 * again before every try, since a name may resolve elsewhere later.
 */
@ApplicationScoped
public class WebhookUrls {

  static final int MAX_LENGTH = 2000;

  private final boolean allowPrivate;

  @jakarta.inject.Inject
  WebhookUrls(TaskmillConfig config) {
    this(config.webhooks().allowPrivate());
  }

  WebhookUrls(boolean allowPrivate) {
    this.allowPrivate = allowPrivate;
  }

  /** Why {@code url} may not be called, in words; empty when it may. */
  public Optional<String> problem(String url) {
    if (url == null || url.isBlank()) {
      return Optional.of("is required: an http or https URL");
    }
    if (url.length() > MAX_LENGTH) {
      return Optional.of("must be at most " + MAX_LENGTH + " characters");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return Optional.of("is not a URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return Optional.of("must start with http:// or https://");
    }
    String host = uri.getHost();
    if (host == null || host.isBlank()) {
      return Optional.of("has no host name");
    }
    if (uri.getRawUserInfo() != null) {
      return Optional.of("must not carry a user name or password; the signature authenticates");
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException | SecurityException e) {
      return Optional.of("has a host name that does not resolve: " + host);
    }
    if (!allowPrivate) {
      for (InetAddress address : addresses) {
        if (isInternal(address)) {
          return Optional.of(
              "points at "
                  + address.getHostAddress()
                  + ", a loopback, private or link-local address, which webhooks may not call"
                  + " (taskmill.webhooks.allow-private is off)");
        }
      }
    }
    return Optional.empty();
  }

  /** Loopback, unspecified, private, link-local, shared (CGNAT) or multicast. */
  static boolean isInternal(InetAddress address) {
    if (address.isLoopbackAddress()
        || address.isAnyLocalAddress()
        || address.isSiteLocalAddress()
        || address.isLinkLocalAddress()
        || address.isMulticastAddress()) {
      return true;
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet6Address) {
      // fc00::/7, unique local addresses: IPv6's private ranges.
      return (b[0] & 0xfe) == 0xfc;
    }
    // 100.64.0.0/10, shared address space (carrier-grade NAT), private in practice.
    return (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
  }
}
