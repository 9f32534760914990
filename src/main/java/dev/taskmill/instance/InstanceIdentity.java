package dev.taskmill.instance;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/** This process's name in leases: host plus a random suffix, new at every start. */
@ApplicationScoped
public class InstanceIdentity {

  private final String id;

  InstanceIdentity() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "unknown-host";
    }
    this.id = host + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public String id() {
    return id;
  }
}
