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
ENTRYPOINT ["java", "-Xmx512m", "-jar", "pushrec.jar", "node", "--config", "cluster-config/cluster.conf"]
