####
# Runlens on the JVM, with the JDK's AOT cache (JEP 483/514/515): for platforms without native builds, or to
# profile with JVM tools.
#
# Build (multi-stage: no local JDK or Maven needed):
#   docker build -f Dockerfile -t runlens:jvm .
#
# Run (production profile; configuration from the environment):
#   docker run -i --rm -p 8080:8080 -p 9000:9000 -e RUNLENS_DB_HOST=postgres -e RUNLENS_TEMPORAL_TARGET=temporal-frontend:7233 \
#     -e MP_JWT_VERIFY_PUBLICKEY_LOCATION=https://issuer.example/jwks.json runlens:jvm
#
# Why this shape (docs/benchmarks/STARTUP.md has the figures): the service runs on Java 25 with an AOT cache
# written in this image by a training start of the same JDK. That is the fastest start measured on the JVM.
# The cache covers only classes the application class loader loads, so the jar is packaged as Quarkus's
# aot-jar (every jar on the class path) rather than the default fast-jar. The training run needs no database
# and no Temporal: runlens.exit-after-start=true exits once started, and the JVM writes the cache at exit.
# An AOT cache loads only in the JVM build that wrote it and with the same GC: keep JAVA_OPTS' GC as it is,
# or the JVM starts without the cache (it says so on stderr).
#
# JVM options: SerialGC and a 128 MiB heap suit a container of one or two CPUs (the live heap after GC is about
# 25 MiB); two malloc arenas keep native memory from growing per core. Give the container at least 512 MiB:
# the benchmark measured 360-380 MiB RSS after warm-up on 10,000-event histories.
####
FROM eclipse-temurin:25-jdk AS build
WORKDIR /code
COPY .mvn .mvn
COPY mvnw pom.xml ./
# Only the service module: the demo and the benchmark are never part of the image.
COPY runlens/pom.xml runlens/
RUN ./mvnw -B -q -f runlens/pom.xml dependency:go-offline
COPY runlens/src runlens/src
RUN ./mvnw -B -f runlens/pom.xml package -Dmaven.test.skip=true -Dquarkus.package.jar.type=aot-jar

FROM eclipse-temurin:25-jre
ENV LANGUAGE='en_US:en'
WORKDIR /deployments
COPY --from=build --chown=185 /code/runlens/target/quarkus-app/ /deployments/
ENV JAVA_OPTS="-XX:+UseSerialGC -Xms32m -Xmx128m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:MaxMetaspaceSize=192m -XX:ReservedCodeCacheSize=64m -Xss512k -Djava.util.logging.manager=org.jboss.logmanager.LogManager"
ENV MALLOC_ARENA_MAX=2
USER 185
# The training start: no backend reachable, no migrations, no database version check; exits 0 once started.
RUN java -XX:AOTCacheOutput=app.aot $JAVA_OPTS -Drunlens.exit-after-start=true -Drunlens.db.migrate-at-start=false \
      -Drunlens.db.port=1 -Drunlens.temporal.target=127.0.0.1:1 -Dquarkus.hibernate-orm.database.version-check.enabled=false \
      -Dquarkus.http.port=0 -Dquarkus.management.port=0 -jar quarkus-run.jar
# 8080: the API; 9000: health and metrics (the management interface)
EXPOSE 8080 9000
ENTRYPOINT ["/bin/sh", "-c", "exec java -XX:AOTCache=app.aot $JAVA_OPTS -Dquarkus.http.host=0.0.0.0 -jar quarkus-run.jar"]
