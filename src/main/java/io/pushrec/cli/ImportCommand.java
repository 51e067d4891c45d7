package io.pushrec.cli;

import io.pushrec.catalog.CatalogFile;
import io.pushrec.core.InteractionLog;
import io.pushrec.importer.HttpUploader;
import io.pushrec.importer.ImportRequests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "import", mixinStandardHelpOptions = true,
    description = "Loads items or behaviour events into a running node over HTTP: batched, bounded parallelism, "
        + "resumable from a checkpoint file, idempotent (a second run changes nothing).",
    subcommands = {ImportCommand.Items.class, ImportCommand.Events.class})
final class ImportCommand {

  abstract static class Common implements Callable<Integer> {
    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "Node (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--parallelism", defaultValue = "4", description = "Requests in flight (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--checkpoint", description = "Progress file (default: FILE.checkpoint); delete it to start over.")
    Path checkpoint;

    int upload(Path file, List<HttpUploader.Request> requests, String unit) throws Exception {
      Path progressFile = checkpoint != null ? checkpoint : file.resolveSibling(file.getFileName() + ".checkpoint");
      if (!Files.isWritable(progressFile.toAbsolutePath().getParent())) {
        progressFile = Path.of(file.getFileName() + ".checkpoint");
      }
      // The key ties the checkpoint to this exact input: a changed file starts from the beginning.
      String key = Files.size(file) + "-" + Files.getLastModifiedTime(file).toMillis() + "-" + requests.size();
      System.err.printf("Importing %s: %d requests to %s (checkpoint %s)%n", file, requests.size(), url, progressFile);
      long started = System.nanoTime();
      HttpUploader.Result r = new HttpUploader(url, parallelism, unit, System.err).upload(requests, progressFile, key);
      System.err.printf("Done in %.1f s: %d requests sent, %d skipped as already done by an earlier run; last answer %s%n",
          (System.nanoTime() - started) / 1e9, r.sent(), r.skipped(), r.lastAnswer());
      return 0;
    }
  }

  @Command(name = "items", mixinStandardHelpOptions = true, description = "PUTs every item of a JSON Lines catalogue.")
  static final class Items extends Common {
    @Parameters(paramLabel = "FILE.jsonl")
    Path file;

    @Override
    public Integer call() throws Exception {
      return upload(file, ImportRequests.items(CatalogFile.read(file)), "items");
    }
  }

  @Command(name = "events", mixinStandardHelpOptions = true,
      description = "POSTs a behaviour log: sasrec (USER ITEM lines), s3rec (USER ITEM1 ITEM2 ...) or jsonl events.")
  static final class Events extends Common {
    @Parameters(paramLabel = "FILE")
    Path file;

    @Option(names = "--format", defaultValue = "s3rec", description = "sasrec, s3rec or jsonl (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--type", defaultValue = "purchase",
        description = "Event type for logs without types (default: ${DEFAULT-VALUE}: reviews follow purchases).")
    String type;

    @Option(names = "--batch", defaultValue = "500", description = "Events per request, at most 1000 (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--id-prefix", description = "Event id prefix naming this log (default: the file name).")
    String idPrefix;

    @Override
    public Integer call() throws Exception {
      String prefix = idPrefix != null ? idPrefix : file.getFileName().toString();
      List<HttpUploader.Request> requests = format.equalsIgnoreCase("jsonl")
          ? ImportRequests.jsonLines(file, prefix, batch)
          : ImportRequests.events(InteractionLog.read(file, InteractionLog.Format.valueOf(format.toUpperCase(Locale.ROOT))),
              type, prefix, batch, System.currentTimeMillis());
      return upload(file, requests, "events");
    }
  }
}
