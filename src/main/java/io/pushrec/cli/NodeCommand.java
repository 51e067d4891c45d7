package io.pushrec.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.pushrec.node.PushrecNode;
import java.io.File;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "node", mixinStandardHelpOptions = true,
    description = "Runs one pushrec node against a running Cassandra (settings: application.conf, env, --config).")
final class NodeCommand implements Callable<Integer> {
  @Option(names = "--config", description = "A HOCON file layered over the defaults, e.g. cluster-config/node1.conf.")
  File configFile;

  @Option(names = "--http-port", description = "HTTP port (overrides the config).")
  Integer httpPort;

  @Option(names = "--seed-log", description = "Behaviour log to learn the co-visitation model from at start.")
  File seedLog;

  @Option(names = "--seed-format", description = "sasrec or s3rec (default: ${DEFAULT-VALUE}).", defaultValue = "s3rec")
  String seedFormat;

  @Override
  public Integer call() throws Exception {
    Map<String, Object> overrides = new HashMap<>();
    if (httpPort != null) overrides.put("pushrec.http.port", httpPort);
    if (seedLog != null) {
      overrides.put("pushrec.seed-log", seedLog.getPath());
      overrides.put("pushrec.seed-log-format", seedFormat);
    }
    Config config = ConfigFactory.parseMap(overrides);
    if (configFile != null) config = config.withFallback(ConfigFactory.parseFile(configFile));
    PushrecNode node = PushrecNode.start(PushrecNode.configuration(config));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      node.close();
      stopped.countDown();
    }, "pushrec-stop"));
    node.ready().join();
    System.err.println("pushrec node ready on http://127.0.0.1:" + node.httpPort());
    stopped.await();
    return 0;
  }
}
