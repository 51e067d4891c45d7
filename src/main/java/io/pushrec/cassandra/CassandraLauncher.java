package io.pushrec.cassandra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Starts a real Apache Cassandra 5.0 server as a separate JVM: for {@code pushrec cassandra} (foreground),
 * {@code pushrec dev} (reuse-or-start), the tests and CI.
 *
 * <p>Cassandra's jars are never on this application's classpath (they clash with Pekko's and the driver's). The build
 * copies them into {@code target/cassandra/lib} (see {@code src/cassandra/pom.xml} and the {@code cassandra-runtime}
 * profile of the main pom), and the child JVM runs {@code org.apache.cassandra.service.CassandraDaemon} with
 * {@code -cp target/cassandra/lib/*}, using the flags of Cassandra 5.0's own {@code conf/jvm-server.options},
 * {@code conf/jvm17-server.options} and {@code cassandra-env.sh}.
 *
 * <p>The node is a single loopback-only node (cluster {@code pushrec-dev}, no authentication). Its configuration is
 * written into {@code <dataDir>/conf} on every start from the templates {@code cassandra/cassandra.yaml} and
 * {@code cassandra/logback.xml} on the classpath; its data, commit log and {@code logs/system.log} live under
 * {@code dataDir}.
 *
 * <pre>{@code
 * try (CassandraLauncher c = CassandraLauncher.start(Settings.defaults(home), false)) {
 *     c.awaitReady(Duration.ofSeconds(90));
 *     ... connect to 127.0.0.1:9042 ...
 * }
 * }</pre>
 */
public final class CassandraLauncher implements AutoCloseable {

  /** Main class of the Cassandra server. */
  public static final String MAIN_CLASS = "org.apache.cassandra.service.CassandraDaemon";

  private static final Duration STOP_GRACE = Duration.ofSeconds(30);

  /**
   * Where Cassandra's jars are, where its data goes, and what it listens on.
   *
   * @param libDir      directory holding cassandra-all and its runtime jars
   * @param dataDir     data, commit log, logs and the generated {@code conf/} of this node
   * @param host        the only address it binds to (CQL and inter-node); keep it a loopback address
   * @param cqlPort     CQL native transport port
   * @param storagePort inter-node port (nothing else joins, but Cassandra binds it anyway)
   * @param heap        -Xms/-Xmx value, e.g. {@code 768m}
   */
  public record Settings(Path libDir, Path dataDir, String host, int cqlPort, int storagePort, String heap) {

    public Settings {
      Objects.requireNonNull(libDir, "libDir");
      Objects.requireNonNull(dataDir, "dataDir");
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(heap, "heap");
      libDir = libDir.toAbsolutePath().normalize();
      dataDir = dataDir.toAbsolutePath().normalize();
    }

    /**
     * Defaults for a project checkout or an unpacked application: jars from {@code <home>/target/cassandra/lib}
     * (or, when that is missing, {@code cassandra/lib} beside the directory holding the running {@code pushrec.jar}
     * or {@code classes/}), data in {@code <home>/target/cassandra-data}, {@code 127.0.0.1:9042}, storage port
     * 7000, heap 768m.
     */
    public static Settings defaults(Path projectOrAppHome) {
      Path home = projectOrAppHome.toAbsolutePath().normalize();
      Path libDir = home.resolve("target/cassandra/lib");
      if (!Files.isDirectory(libDir)) {
        Path besideCode = libDirBesideRunningCode();
        if (besideCode != null && Files.isDirectory(besideCode)) {
          libDir = besideCode;
        }
      }
      return new Settings(libDir, home.resolve("target/cassandra-data"), "127.0.0.1", 9042, 7000, "768m");
    }

    public Settings withDataDir(Path newDataDir) {
      return new Settings(libDir, newDataDir, host, cqlPort, storagePort, heap);
    }

    public Settings withPorts(int newCqlPort, int newStoragePort) {
      return new Settings(libDir, dataDir, host, newCqlPort, newStoragePort, heap);
    }

    public Settings withHeap(String newHeap) {
      return new Settings(libDir, dataDir, host, cqlPort, storagePort, newHeap);
    }

    /** {@code <dataDir>/cassandra.log}: the JVM's stdout and stderr when they are not inherited. */
    public Path consoleLog() {
      return dataDir.resolve("cassandra.log");
    }

    /** {@code <dataDir>/logs}: Cassandra's own {@code system.log}. */
    public Path logDir() {
      return dataDir.resolve("logs");
    }

    /** {@code target/cassandra/lib} next to the jar or {@code classes/} directory this class was loaded from. */
    private static Path libDirBesideRunningCode() {
      try {
        var source = CassandraLauncher.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
          return null;
        }
        Path code = Path.of(source.getLocation().toURI());
        Path dir = code.getParent(); // target/pushrec.jar -> target; target/classes -> target
        return dir == null ? null : dir.resolve("cassandra/lib");
      } catch (URISyntaxException | RuntimeException e) {
        return null;
      }
    }
  }

  private final Settings settings;
  private final Process process;
  private final boolean inheritIO;

  private CassandraLauncher(Settings settings, Process process, boolean inheritIO) {
    this.settings = settings;
    this.process = process;
    this.inheritIO = inheritIO;
  }

  /**
   * For `pushrec dev` and `pushrec cluster`: reuses a Cassandra answering on 127.0.0.1:9042, or starts one with its
   * data in {@code dataDir} and returns it for the caller to close; null when an existing one is reused.
   */
  public static CassandraLauncher reuseOrStart(Path dataDir) throws IOException {
    Settings settings = Settings.defaults(Path.of(".")).withDataDir(dataDir);
    if (isAnswering(settings.host(), settings.cqlPort())) {
      System.err.println("Using the Cassandra already answering on " + settings.host() + ":" + settings.cqlPort());
      return null;
    }
    System.err.println("Starting Cassandra (log: " + settings.consoleLog() + ") ...");
    long started = System.nanoTime();
    CassandraLauncher cassandra = start(settings, false);
    cassandra.awaitReady(Duration.ofMinutes(3));
    System.err.printf("Cassandra ready in %.1f s%n", (System.nanoTime() - started) / 1e9);
    return cassandra;
  }

  /** True when a plain TCP connect to {@code host:port} succeeds within a short timeout. */
  public static boolean isAnswering(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Writes {@code <dataDir>/conf/cassandra.yaml} and {@code logback.xml} and starts the Cassandra JVM. Returns at
   * once: call {@link #awaitReady(Duration)} before connecting.
   *
   * @param inheritIO true to share this process's stdout/stderr (foreground use); false to send them to
   *                  {@link Settings#consoleLog()}
   * @throws IllegalStateException when the jars are missing or something already answers on the CQL port
   */
  public static CassandraLauncher start(Settings s, boolean inheritIO) throws IOException {
    List<Path> jars = jars(s.libDir());
    Path jamm = jars.stream().filter(p -> p.getFileName().toString().startsWith("jamm-")).findFirst().orElse(null);
    if (jars.stream().noneMatch(p -> p.getFileName().toString().startsWith("cassandra-all-"))) {
      throw new IllegalStateException("No cassandra-all jar in " + s.libDir() + ". Build it with `mvn generate-resources`"
          + " (it runs: mvn -f src/cassandra/pom.xml dependency:copy-dependencies"
          + " -DoutputDirectory=target/cassandra/lib).");
    }
    if (isAnswering(s.host(), s.cqlPort())) {
      throw new IllegalStateException("Something already answers on " + s.host() + ":" + s.cqlPort()
          + "; not starting a second Cassandra there.");
    }

    Path conf = s.dataDir().resolve("conf");
    Files.createDirectories(conf);
    Files.createDirectories(s.logDir());
    Path yaml = conf.resolve("cassandra.yaml");
    Path logback = conf.resolve("logback.xml");
    Files.writeString(yaml, resource("cassandra/cassandra.yaml")
        .replace("@DATA_DIR@", yamlPath(s.dataDir()))
        .replace("@HOST@", s.host())
        .replace("@CQL_PORT@", Integer.toString(s.cqlPort()))
        .replace("@STORAGE_PORT@", Integer.toString(s.storagePort())));
    Files.writeString(logback, resource("cassandra/logback.xml"));

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmFlags(s, jamm));
    command.add("-Dcassandra.config=" + yaml.toUri());
    command.add("-Dcassandra.storagedir=" + s.dataDir());
    command.add("-Dcassandra.logdir=" + s.logDir());
    command.add("-Dlogback.configurationFile=" + logback.toUri());
    command.add("-Dcassandra-foreground=yes");
    command.add("-cp");
    command.add(s.libDir() + java.io.File.separator + "*");
    command.add(MAIN_CLASS);

    ProcessBuilder pb = new ProcessBuilder(command).directory(s.dataDir().toFile());
    if (inheritIO) {
      pb.inheritIO();
    } else {
      pb.redirectErrorStream(true);
      pb.redirectOutput(s.consoleLog().toFile());
    }
    return new CassandraLauncher(s, pb.start(), inheritIO);
  }

  /**
   * The JVM flags (before {@code -cp}) of Cassandra 5.0 on JDK 17: {@code conf/jvm-server.options},
   * {@code conf/jvm17-server.options} and what {@code cassandra-env.sh} adds, minus the production-only ones
   * (AlwaysPreTouch, NUMA, a 16 MB G1 region size, JMX on 7199).
   */
  static List<String> jvmFlags(Settings s, Path jammJar) {
    List<String> f = new ArrayList<>(List.of(
        // jvm-server.options
        "-ea", "-da:net.openhft...",
        "-XX:+UseThreadPriorities",
        "-XX:+HeapDumpOnOutOfMemoryError",
        "-XX:+ExitOnOutOfMemoryError", // cassandra-env.sh: never limp on after an OOM
        "-XX:HeapDumpPath=" + s.dataDir(),
        "-Xss256k",
        "-XX:+UseTLAB", "-XX:+ResizeTLAB",
        "-XX:+PerfDisableSharedMem",
        "-Djava.net.preferIPv4Stack=true",
        // jvm17-server.options: G1, sized for a small heap
        "-XX:+UseG1GC",
        "-XX:+ParallelRefProcEnabled",
        "-XX:MaxTenuringThreshold=1",
        "-XX:G1RSetUpdatingPauseTimePercent=5",
        "-XX:MaxGCPauseMillis=300",
        "-XX:InitiatingHeapOccupancyPercent=70",
        "-Xms" + s.heap(), "-Xmx" + s.heap(),
        // jvm17-server.options: JPMS
        "-Djdk.attach.allowAttachSelf=true",
        "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
        "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-exports", "java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
        "--add-exports", "java.management/com.sun.jmx.remote.security=ALL-UNNAMED",
        "--add-exports", "java.rmi/sun.rmi.registry=ALL-UNNAMED",
        "--add-exports", "java.rmi/sun.rmi.server=ALL-UNNAMED",
        "--add-exports", "java.sql/java.sql=ALL-UNNAMED",
        "--add-exports", "java.base/java.lang.ref=ALL-UNNAMED",
        "--add-exports", "jdk.unsupported/sun.misc=ALL-UNNAMED",
        "--add-opens", "java.base/java.lang.module=ALL-UNNAMED",
        "--add-opens", "java.base/jdk.internal.loader=ALL-UNNAMED",
        "--add-opens", "java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-opens", "java.base/jdk.internal.reflect=ALL-UNNAMED",
        "--add-opens", "java.base/jdk.internal.math=ALL-UNNAMED",
        "--add-opens", "java.base/jdk.internal.module=ALL-UNNAMED",
        "--add-opens", "java.base/jdk.internal.util.jar=ALL-UNNAMED",
        "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
        "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens", "java.base/java.io=ALL-UNNAMED",
        "--add-opens", "java.base/java.nio=ALL-UNNAMED",
        "--add-opens", "java.base/java.util.concurrent.atomic=ALL-UNNAMED",
        "--add-opens", "java.base/java.lang=ALL-UNNAMED",
        "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-opens", "java.base/java.util=ALL-UNNAMED",
        "--add-opens", "java.base/java.net=ALL-UNNAMED",
        "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
        // jvm17-server.options: Netty
        "-Dio.netty.tryReflectionSetAccessible=true",
        "-Dio.netty.allocator.useCacheForAllThreads=true",
        "-Dio.netty.allocator.maxOrder=11",
        // A throwaway single node: start fast, skip the waits meant for real clusters.
        "-Dcassandra.ring_delay_ms=1000",
        "-Dcassandra.skip_wait_for_gossip_to_settle=0",
        // Schema changes skip the blocking flush of the system tables (they stay in the commit log): keyspace
        // and table autocreate take a fraction of the time. What Cassandra's own tests and ccm use.
        "-Dcassandra.unsafesystem=true"));
    if (jammJar != null) {
      // cassandra-env.sh: Cassandra measures memtable and cache sizes with the jamm agent.
      f.add(0, "-javaagent:" + jammJar);
    }
    return f;
  }

  /**
   * Waits until the CQL port accepts connections. Cassandra opens it last, once the node has joined its ring and
   * can serve queries.
   *
   * @throws IllegalStateException when the process exits first or the timeout passes; the message carries the tail
   *                               of its log
   */
  public void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Cassandra exited with code " + process.exitValue()
            + " before its CQL port " + settings.host() + ":" + settings.cqlPort() + " opened." + logTail());
      }
      if (isAnswering(settings.host(), settings.cqlPort())) {
        return;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("Cassandra did not open " + settings.host() + ":" + settings.cqlPort()
            + " within " + timeout.toSeconds() + " s." + logTail());
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for Cassandra", e);
      }
    }
  }

  /** Blocks until the Cassandra JVM exits (foreground use) and returns its exit code. */
  public int waitFor() throws InterruptedException {
    return process.waitFor();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  public Settings settings() {
    return settings;
  }

  /**
   * Stops Cassandra: SIGTERM (its shutdown hook drains and flushes), then a forced kill if it has not exited within
   * the grace period. Idempotent.
   */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private String logTail() {
    Path log = inheritIO ? settings.logDir().resolve("system.log") : settings.consoleLog();
    String tail = tail(log, 40);
    Path systemLog = settings.logDir().resolve("system.log");
    return tail.isEmpty()
        ? " See " + systemLog + "."
        : " Last lines of " + log + " (full log: " + systemLog + "):\n" + tail;
  }

  /** The last {@code lines} lines of a file, or "" when it cannot be read. */
  static String tail(Path file, int lines) {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long length = f.length();
      long from = Math.max(0, length - 64 * 1024);
      byte[] bytes = new byte[(int) (length - from)];
      f.seek(from);
      f.readFully(bytes);
      String[] all = new String(bytes, StandardCharsets.UTF_8).split("\r?\n");
      int start = Math.max(0, all.length - lines);
      return String.join("\n", java.util.Arrays.copyOfRange(all, start, all.length));
    } catch (IOException e) {
      return "";
    }
  }

  private static List<Path> jars(Path libDir) throws IOException {
    if (!Files.isDirectory(libDir)) {
      return List.of();
    }
    List<Path> jars = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(libDir, "*.jar")) {
      stream.forEach(jars::add);
    }
    jars.sort(null);
    return jars;
  }

  private static String resource(String name) {
    try (InputStream in = CassandraLauncher.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("Missing classpath resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A path for a double-quoted scalar in cassandra.yaml. */
  private static String yamlPath(Path p) {
    return p.toString().replace('\\', '/').replace("\"", "\\\"");
  }
}
