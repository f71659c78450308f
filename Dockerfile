####
# Runlens on the JVM (for platforms without native builds, or to profile with JVM tools).
#
# Build the service first (the runlens module: no demo, no test servers), then the image:
#   ./mvnw -B package -DskipTests -pl runlens
#   docker build -f Dockerfile -t runlens:jvm .
#
# Run (production profile; configuration from the environment):
#   docker run -i --rm -p 8080:8080 -p 9000:9000 -e RUNLENS_DB_HOST=postgres -e RUNLENS_TEMPORAL_TARGET=temporal-frontend:7233 \
#     -e MP_JWT_VERIFY_PUBLICKEY_LOCATION=https://issuer.example/jwks.json runlens:jvm
#
# The image runs as a non-root user.
#
# JVM options: the ones runlens-bench/run starts the service with (docs/benchmarks/BENCHMARKS.md).
# SerialGC and a 128 MiB heap suit a container of one or two CPUs (the live heap after GC is about
# 40 MiB); two malloc arenas keep native memory from growing per core. Give the container at least
# 512 MiB: the benchmark measured 360-380 MiB RSS after warm-up on 10,000-event histories. Neither 128
# nor 256 MiB of heap holds 32 concurrent cold reads of 10,000-event histories without the history-read
# bound (docs/benchmarks/BENCHMARKS.md). The bench's AppCDS archive is not copied: an archive loads only
# in the JVM build that wrote it, and this image's JDK is not the build machine's.
####
FROM registry.access.redhat.com/ubi9/openjdk-17-runtime:1.21
ENV LANGUAGE='en_US:en'
COPY --chown=185 runlens/target/quarkus-app/lib/ /deployments/lib/
COPY --chown=185 runlens/target/quarkus-app/*.jar /deployments/
COPY --chown=185 runlens/target/quarkus-app/app/ /deployments/app/
COPY --chown=185 runlens/target/quarkus-app/quarkus/ /deployments/quarkus/
# 8080: the API; 9000: health and metrics (the management interface)
EXPOSE 8080 9000
USER 185
# run-java.sh picks the GC from GC_CONTAINER_OPTIONS (ParallelGC otherwise); options appended later win,
# so the 192 MiB metaspace replaces its smaller default (about 100 MiB of metaspace is in use here).
ENV GC_CONTAINER_OPTIONS="-XX:+UseSerialGC"
ENV JAVA_OPTS_APPEND="-Dquarkus.http.host=0.0.0.0 -Djava.util.logging.manager=org.jboss.logmanager.LogManager -Xms32m -Xmx128m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:MaxMetaspaceSize=192m -XX:ReservedCodeCacheSize=64m -Xss512k"
ENV MALLOC_ARENA_MAX=2
ENV JAVA_APP_JAR="/deployments/quarkus-run.jar"
ENTRYPOINT [ "/opt/jboss/container/java/run/run-java.sh" ]
