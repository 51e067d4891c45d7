package io.pushrec.bench;

import java.util.Map;

/**
 * The figures of one measured run.
 *
 * @param target what was loaded: "pushrec", "noop" or "cassandra"
 * @param targetEventsPerSecond 0 when flat out
 * @param nodeCpuCores average CPU of the node process in cores (NaN when not read)
 * @param nodeJitThreads how many of the node's JIT compiler threads were compiling, on average: a node still
 *     compiling is not at full speed yet, and its figures are not comparable with a settled node's
 * @param senderLagP99Millis how late the pacer's sends went out; large values mean the client, not the node, limited
 * @param listenedEventsWithoutPush events of followed users that no push followed before the user's next event
 *     (the policy found the change too small); they have no event-to-push latency
 * @param clientCpuCores average CPU of the bench process itself, to judge how much of the machine the client took
 */
public record Measurement(String target, int batch, double targetEventsPerSecond, double seconds, long sentEvents,
    long acknowledgedEvents, double acknowledgedPerSecond, double httpP50Millis, double httpP95Millis,
    double httpP99Millis, double httpMaxMillis, double rejectedP50Millis, double rejectedP99Millis, Map<String, Long> errorsByStatus,
    int listeners, long listenedPushes, long listenedEventsWithoutPush, double pushP50Millis, double pushP95Millis, double pushP99Millis,
    long pushLatencySamples, double nodePushesPerSecond, double nodeCpuCores, double nodeJitThreads, double nodeHeapMaxMb,
    double senderLagP99Millis, double clientCpuCores, double loadAverageBefore, double loadAverageAfter) {

  public String summary() {
    StringBuilder s = new StringBuilder();
    s.append(String.format("%-9s batch %-4d %s: %,.0f ack events/s over %.1f s (%,d sent)%n", target, batch,
        targetEventsPerSecond > 0 ? String.format("at %,.0f/s", targetEventsPerSecond) : "flat out",
        acknowledgedPerSecond, seconds, sentEvents));
    s.append(String.format("  HTTP ms p50 %.1f  p95 %.1f  p99 %.1f  max %.1f%n", httpP50Millis, httpP95Millis,
        httpP99Millis, httpMaxMillis));
    if (!errorsByStatus.isEmpty()) {
      s.append("  errors ").append(errorsByStatus).append(String.format("  (rejected answers took p50 %.1f ms, p99 %.1f ms)%n",
          rejectedP50Millis, rejectedP99Millis));
    }
    if (listeners > 0) {
      s.append(String.format("  event->push ms p50 %.1f  p95 %.1f  p99 %.1f  (%d samples, %d pushes to %d listeners, "
          + "%d of their events without a push)%n", pushP50Millis, pushP95Millis, pushP99Millis, pushLatencySamples,
          listenedPushes, listeners, listenedEventsWithoutPush));
    }
    if (!Double.isNaN(nodeCpuCores)) {
      s.append(String.format("  node: %.2f cores, JIT compiling %.2f threads, heap max %.0f MB, %,.0f pushes/s%n",
          nodeCpuCores, nodeJitThreads, nodeHeapMaxMb, nodePushesPerSecond));
    }
    s.append(String.format("  client: %.2f cores, sender lag p99 %.1f ms; load average %.2f -> %.2f%n", clientCpuCores,
        senderLagP99Millis, loadAverageBefore, loadAverageAfter));
    return s.toString();
  }
}
