# One pushrec node. Build the jar first, then the image:
#   mvn -q -B -DskipTests package && docker build -t pushrec:0.1.0 .
# The node reads cluster-config/cluster.conf; docker-compose.yml sets each node's host name, seeds and Cassandra.
FROM eclipse-temurin:17-jre
WORKDIR /opt/pushrec
COPY target/lib/ lib/
COPY target/pushrec.jar pushrec.jar
COPY cluster-config/ cluster-config/
# HTTP (API, WebSocket pushes, /health/ready, /health/alive, /metrics) and Pekko remoting.
EXPOSE 8080 25520
ENV PUSHREC_HTTP_HOST=0.0.0.0
# G1 aiming at 10 ms pauses: with its default aim (200 ms) the node paused ~35 ms every few seconds at 1,000
# events/s, most of its HTTP p99; aiming at 10 ms made the pauses ~13 ms at the same throughput (docs/benchmarks.md).
ENTRYPOINT ["java", "-XX:MaxGCPauseMillis=10", "-Xmx512m", "-jar", "pushrec.jar", "node", "--config", "cluster-config/cluster.conf"]
