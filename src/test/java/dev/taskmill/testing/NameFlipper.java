package dev.taskmill.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * What a hostile module's child process does: renames, in turn, a regular file of its own and a
 * link (symbolic or hard) to a file outside into one name, as fast as it can, until stopped.
 */
public final class NameFlipper implements Runnable {

  private final Path target;
  private final byte[] own;
  private final Path outside;
  private final boolean hard;
  private final Thread thread = new Thread(this, "name-flipper");
  private volatile boolean running = true;
  private volatile Exception failure;

  /** Flips {@code target} between a file holding {@code own} and a link to {@code outside}. */
  public NameFlipper(Path target, String own, Path outside, boolean hard) {
    this.target = target;
    this.own = own.getBytes(StandardCharsets.UTF_8);
    this.outside = outside;
    this.hard = hard;
  }

  /** Starts flipping (the name exists from now on, as a file or a link). */
  public NameFlipper start() throws Exception {
    Files.write(target, own);
    thread.setDaemon(true);
    thread.start();
    return this;
  }

  /** Stops, and leaves the name a regular file; fails if flipping failed. */
  public void stop() throws Exception {
    running = false;
    thread.join();
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public void run() {
    Path dir = target.getParent();
    try {
      for (long n = 0; running; n++) {
        Path staged = dir.resolve(".flip-" + n);
        if (n % 2 == 0) {
          Files.write(staged, own);
        } else if (hard) {
          Files.createLink(staged, outside);
        } else {
          Files.createSymbolicLink(staged, outside);
        }
        Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
      }
      Path staged = dir.resolve(".flip-last");
      Files.write(staged, own);
      Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (Exception e) {
      failure = e;
    }
  }
}
