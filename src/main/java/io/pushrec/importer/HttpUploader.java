package io.pushrec.importer;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends a fixed, deterministic list of requests to a running node with bounded parallelism, retrying 503s and
 * timeouts (safe: every request is idempotent — an item PUT with the same body, or events with stable ids), and
 * keeps a checkpoint: the number of leading requests that are all done. A re-run with the same input and
 * checkpoint skips them, so an interrupted import resumes; a re-run without it sends everything again and
 * changes nothing.
 */
public final class HttpUploader {
  /** One HTTP request of the import; {@code units} counts what it carries (items or events), for progress. */
  public record Request(String method, String path, String body, int units) {}

  public record Result(long sent, long skipped, long units, String lastAnswer) {}

  static final int MAX_ATTEMPTS = 8;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;
  private final int parallelism;
  private final PrintStream progress;
  private final String unit;

  public HttpUploader(String baseUrl, int parallelism, String unit, PrintStream progress) {
    this.unit = unit;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.parallelism = parallelism;
    this.progress = progress;
  }

  /**
   * @param checkpoint file holding "KEY DONE"; the key names the input so a checkpoint is never applied to another
   */
  public Result upload(List<Request> requests, Path checkpoint, String key) throws IOException, InterruptedException {
    int start = readCheckpoint(checkpoint, key);
    boolean[] done = new boolean[requests.size()];
    int[] prefix = {start};
    Semaphore slots = new Semaphore(parallelism);
    AtomicLong units = new AtomicLong();
    String[] lastAnswer = {""};
    long started = System.nanoTime();
    Object lock = new Object();
    IOException[] failure = {null};
    for (int i = start; i < requests.size() && failure[0] == null; i++) {
      slots.acquire();
      int index = i;
      send(requests.get(i), 1).whenComplete((answer, error) -> {
        synchronized (lock) {
          if (error != null) {
            failure[0] = new IOException(requests.get(index).path() + ": " + error.getMessage(), error);
          } else {
            done[index] = true;
            lastAnswer[0] = answer;
            units.addAndGet(requests.get(index).units());
            int before = prefix[0];
            while (prefix[0] < done.length && done[prefix[0]]) prefix[0]++;
            if (prefix[0] / 20 != before / 20 || prefix[0] == done.length) {
              writeCheckpoint(checkpoint, key, prefix[0]);
              double seconds = (System.nanoTime() - started) / 1e9;
              progress.printf("  %d/%d requests, %d %s/s%n", prefix[0], done.length,
                  Math.round(units.get() / Math.max(seconds, 1e-3)), unit);
            }
          }
        }
        slots.release();
      });
    }
    slots.acquire(parallelism);
    if (failure[0] != null) throw failure[0];
    writeCheckpoint(checkpoint, key, requests.size());
    return new Result(requests.size() - start, start, units.get(), lastAnswer[0]);
  }

  private CompletableFuture<String> send(Request r, int attempt) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + r.path())).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .method(r.method(), HttpRequest.BodyPublishers.ofString(r.body())).build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, error) -> {
      boolean retry = error != null || response.statusCode() == 503 || response.statusCode() == 429;
      if (!retry && response.statusCode() / 100 == 2) return CompletableFuture.completedFuture(response.body());
      if (!retry || attempt >= MAX_ATTEMPTS) {
        String why = error != null ? error.toString() : response.statusCode() + " " + response.body();
        return CompletableFuture.<String>failedFuture(new IOException("gave up after " + attempt + " attempts: " + why));
      }
      long backoffMillis = Math.min(5_000, 100L << attempt);
      return CompletableFuture.supplyAsync(() -> null,
              CompletableFuture.delayedExecutor(backoffMillis, java.util.concurrent.TimeUnit.MILLISECONDS))
          .thenCompose(x -> send(r, attempt + 1));
    }).thenCompose(f -> f);
  }

  static int readCheckpoint(Path checkpoint, String key) throws IOException {
    if (checkpoint == null || !Files.isRegularFile(checkpoint)) return 0;
    String[] parts = Files.readString(checkpoint).trim().split(" ");
    return parts.length == 2 && parts[0].equals(key) ? Integer.parseInt(parts[1]) : 0;
  }

  private static void writeCheckpoint(Path checkpoint, String key, int done) {
    if (checkpoint == null) return;
    try {
      Path tmp = checkpoint.resolveSibling(checkpoint.getFileName() + ".tmp");
      Files.writeString(tmp, key + " " + done + "\n");
      Files.move(tmp, checkpoint, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
