package io.pushrec.bench;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Posts a workload's events to one or more nodes over HTTP, paced or flat out, with at most {@code concurrency}
 * requests in flight, until the duration or the event budget is used up.
 */
public final class LoadRun {
  /**
   * @param path "/v1/events" for pushrec, "/v1/noop" for the HTTP reference
   * @param eventsPerSecond 0 for flat out
   * @param runId makes this run's event ids unique
   * @param usersId makes the user ids unique to one bench: its runs (warm-up, measured, recovery) share it, so a
   *     run continues the sessions the one before left open instead of starting them all again as new users
   */
  public record Settings(List<URI> nodes, String path, int batch, double eventsPerSecond, Duration duration,
      long maxEvents, int concurrency, int listeners, String runId, String usersId) {}

  private final HttpClient client;
  private final Settings settings;
  private final Workload workload;
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
  private final LatencySamples http = new LatencySamples();
  private final LatencySamples rejected = new LatencySamples();
  private final LatencySamples senderLag = new LatencySamples();
  private final LongAdder acknowledged = new LongAdder();
  private volatile Timeline timeline;

  public LoadRun(HttpClient client, Settings settings, Workload workload) {
    this.client = client;
    this.settings = settings;
    this.workload = workload;
  }

  public Timeline timeline() {
    return timeline;
  }

  public Measurement run(String target) throws Exception {
    double loadBefore = loadAverage();
    List<String> followed = settings.listeners() == 0 ? List.of()
        : workload.listenedUsers().stream().limit(settings.listeners()).map(this::runUser).toList();
    try (PushListeners listeners = PushListeners.open(client, settings.nodes(), followed)) {
      // The sockets subscribe at their user entities asynchronously after the hello.
      Thread.sleep(1000);
      NodeProbe probe = new NodeProbe(client, settings.nodes().get(0));
      AtomicReference<NodeProbe.Sample> first = new AtomicReference<>(probe.sample());
      AtomicReference<NodeProbe.Sample> last = new AtomicReference<>(first.get());
      double[] heapMax = {Double.NaN};
      timeline = new Timeline(System.nanoTime());
      listeners.recordInto(timeline);
      ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
      sampler.scheduleAtFixedRate(() -> {
        NodeProbe.Sample now = probe.sample();
        NodeProbe.Sample before = last.get();
        if (now == null || before == null) return;
        Timeline.Second second = timeline.at(now.atNanos() - 1);
        second.nodeCpuCores = (now.cpuSeconds() - before.cpuSeconds()) / ((now.atNanos() - before.atNanos()) / 1e9);
        second.nodeHeapMb = now.heapBytes() / 1e6;
        heapMax[0] = Double.isNaN(heapMax[0]) ? second.nodeHeapMb : Math.max(heapMax[0], second.nodeHeapMb);
        last.set(now);
      }, 1, 1, TimeUnit.SECONDS);

      long clientCpuBefore = processCpuNanos();
      long sent = send(listeners);
      long clientCpu = processCpuNanos() - clientCpuBefore;
      long endNanos = System.nanoTime();
      sampler.shutdownNow();
      Thread.sleep(500);   // the last pushes are still on their way
      NodeProbe.Sample end = probe.sample();
      double seconds = (endNanos - timeline.startNanos()) / 1e9;
      NodeProbe.Sample start = first.get();
      boolean nodeRead = start != null && end != null;
      Map<String, Long> errorCounts = new TreeMap<>();
      errors.forEach((k, v) -> errorCounts.put(k, v.sum()));
      return new Measurement(target, settings.batch(), settings.eventsPerSecond(), seconds, sent, acknowledged.sum(),
          acknowledged.sum() / seconds, http.percentileMillis(50), http.percentileMillis(95), http.percentileMillis(99),
          http.maxMillis(), rejected.percentileMillis(50), rejected.percentileMillis(99), errorCounts, listeners.size(), listeners.pushes(), listeners.eventsWithoutPush(),
          listeners.latencies().percentileMillis(50), listeners.latencies().percentileMillis(95),
          listeners.latencies().percentileMillis(99), listeners.latencies().count(),
          nodeRead ? (end.pushes() - start.pushes()) / seconds : Double.NaN,
          nodeRead ? (end.cpuSeconds() - start.cpuSeconds()) / ((end.atNanos() - start.atNanos()) / 1e9) : Double.NaN,
          nodeRead ? (end.jitSeconds() - start.jitSeconds()) / ((end.atNanos() - start.atNanos()) / 1e9) : Double.NaN,
          heapMax[0], senderLag.percentileMillis(99), clientCpu / 1e9 / seconds, loadBefore, loadAverage());
    }
  }

  /** The sender loop; returns how many events it sent. */
  private long send(PushListeners listeners) throws InterruptedException {
    Semaphore inFlight = new Semaphore(settings.concurrency());
    RatePacer pacer = settings.eventsPerSecond() > 0
        ? new RatePacer(timeline.startNanos(), settings.eventsPerSecond() / settings.batch()) : null;
    long deadline = timeline.startNanos() + settings.duration().toNanos();
    long sent = 0;
    int request = 0;
    while (sent < settings.maxEvents()) {
      if (pacer != null) {
        long due = pacer.nextDueNanos();
        if (due >= deadline) break;
        for (long wait; (wait = due - System.nanoTime()) > 0; ) LockSupport.parkNanos(wait);
      }
      if (!inFlight.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) break;
      long now = System.nanoTime();
      if (now >= deadline) {
        inFlight.release();
        break;
      }
      if (pacer != null) senderLag.record(pacer.issue(now) / 1000);
      int events = (int) Math.min(settings.batch(), settings.maxEvents() - sent);
      String body = body(events, sent, listeners, now);
      URI node = settings.nodes().get(request++ % settings.nodes().size());
      HttpRequest post = HttpRequest.newBuilder(node.resolve(settings.path()))
          .timeout(Duration.ofSeconds(10))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build();
      long sendNanos = System.nanoTime();
      client.sendAsync(post, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
        long done = System.nanoTime();
        long micros = (done - sendNanos) / 1000;
        Timeline.Second second = timeline.at(done);
        if (failure == null && response.statusCode() == 200) {
          acknowledged.add(events);
          second.acknowledgedEvents.add(events);
          http.record(micros);
          second.http.record(micros);
        } else {
          // The client wraps its own failures (timeouts, refused connections); name the real one.
          Throwable cause = failure instanceof CompletionException && failure.getCause() != null
              ? failure.getCause() : failure;
          String key = failure == null ? Integer.toString(response.statusCode()) : cause.getClass().getSimpleName();
          errors.computeIfAbsent(key, k -> new LongAdder()).increment();
          second.errors.increment();
          rejected.record(micros);
        }
        inFlight.release();
      });
      sent += events;
    }
    // A paced run lasts its whole schedule even when the last request was due early (low rates), so its rate is right.
    if (pacer != null) {
      for (long wait; (wait = deadline - System.nanoTime()) > 0; ) LockSupport.parkNanos(wait);
    }
    // Bounded wait for the answers still on their way; a request times out after 10 s anyway.
    inFlight.tryAcquire(settings.concurrency(), 12, TimeUnit.SECONDS);
    return sent;
  }

  private String body(int events, long firstSeq, PushListeners listeners, long sendNanos) {
    StringBuilder b = new StringBuilder(events * 90 + 16);
    if (settings.batch() > 1) b.append("{\"events\":[");
    for (int i = 0; i < events; i++) {
      Workload.Event e = workload.next();
      String user = runUser(e.userId());
      if (i > 0) b.append(',');
      b.append("{\"eventId\":\"").append(settings.runId()).append('-').append(firstSeq + i)
          .append("\",\"userId\":\"").append(user)
          .append("\",\"type\":\"view\",\"itemId\":\"").append(e.itemId()).append("\"}");
      if (e.listenedSlot() >= 0) listeners.sent(e.listenedSlot(), user, sendNanos);
    }
    if (settings.batch() > 1) b.append("]}");
    return b.toString();
  }

  /** User ids are made unique per bench, so a bench starts from new users and not from an earlier bench's state. */
  private String runUser(String workloadUser) {
    return settings.usersId() + "-" + workloadUser;
  }

  public static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  public static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (Exception e) {
      return Double.NaN;
    }
  }
}
