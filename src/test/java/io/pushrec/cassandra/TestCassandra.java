package io.pushrec.cassandra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The Cassandra that tests talk to: {@link #ensureRunning()} reuses whatever answers on 127.0.0.1:9042 (a
 * {@code pushrec dev} or {@code pushrec cassandra} already running, or CI's), and otherwise starts one with
 * {@link CassandraLauncher}, once per JVM, with fresh data under {@code target/cassandra-test}, stopped by a shutdown
 * hook when the JVM exits.
 */
public final class TestCassandra {

  /** Where tests connect: {@code host:port} of the CQL native transport. */
  public record Endpoint(String host, int port) {
    public InetSocketAddress address() {
      return new InetSocketAddress(host, port);
    }

    /** {@code "127.0.0.1:9042"}, as Pekko's and the driver's {@code contact-points} want it. */
    public String contactPoint() {
      return host + ":" + port;
    }
  }

  public static final String HOST = "127.0.0.1";
  /** CQL port; {@code -Dpushrec.test.cassandra.port} overrides 9042 (with {@code ...storage-port} for 7000). */
  public static final int PORT = Integer.getInteger("pushrec.test.cassandra.port", 9042);
  private static final int STORAGE_PORT = Integer.getInteger("pushrec.test.cassandra.storage-port", 7000);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private static Endpoint endpoint;
  private static CassandraLauncher launched;

  private TestCassandra() {
  }

  /** Returns a Cassandra that accepts CQL, starting one for this JVM if nothing answers on 127.0.0.1:9042. */
  public static synchronized Endpoint ensureRunning() {
    if (endpoint != null && (launched == null || launched.isAlive())) {
      return endpoint;
    }
    if (!CassandraLauncher.isAnswering(HOST, PORT)) {
      start();
    }
    endpoint = new Endpoint(HOST, PORT);
    return endpoint;
  }

  /** True when this JVM started the Cassandra (rather than reusing one that was already running). */
  public static synchronized boolean startedHere() {
    return launched != null;
  }

  private static void start() {
    Path home = projectDir();
    CassandraLauncher.Settings settings = CassandraLauncher.Settings.defaults(home)
        .withDataDir(home.resolve("target/cassandra-test"))
        .withPorts(PORT, STORAGE_PORT);
    deleteRecursively(settings.dataDir()); // no keyspaces or events left over from an earlier run
    long started = System.nanoTime();
    CassandraLauncher cassandra;
    try {
      cassandra = CassandraLauncher.start(settings, false);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start Cassandra for the tests", e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(cassandra::close, "stop-test-cassandra"));
    try {
      cassandra.awaitReady(START_TIMEOUT);
    } catch (RuntimeException e) {
      cassandra.close();
      throw e;
    }
    launched = cassandra;
    System.out.printf("TestCassandra: started Cassandra (pid %d) on %s:%d in %.1f s, log %s%n", cassandra.pid(),
        HOST, PORT, (System.nanoTime() - started) / 1e9, settings.logDir().resolve("system.log"));
  }

  /** The module directory: surefire sets {@code basedir}; otherwise the working directory. */
  private static Path projectDir() {
    String basedir = System.getProperty("basedir");
    return (basedir != null ? Path.of(basedir) : Path.of("")).toAbsolutePath().normalize();
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
