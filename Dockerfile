####
# Runlens on the JVM (for platforms without native builds, or to profile with JVM tools).
#
# Build the application first, then the image:
#   ./mvnw -B package -DskipTests
#   docker build -f Dockerfile -t runlens:jvm .
#
# Run (production profile; configuration from the environment):
#   docker run -i --rm -p 8080:8080 -p 9000:9000 -e RUNLENS_DB_HOST=postgres -e RUNLENS_TEMPORAL_TARGET=temporal-frontend:7233 \
#     -e MP_JWT_VERIFY_PUBLICKEY_LOCATION=https://issuer.example/jwks.json runlens:jvm
#
# The image runs as a non-root user.
####
FROM registry.access.redhat.com/ubi9/openjdk-17-runtime:1.21
ENV LANGUAGE='en_US:en'
COPY --chown=185 target/quarkus-app/lib/ /deployments/lib/
COPY --chown=185 target/quarkus-app/*.jar /deployments/
COPY --chown=185 target/quarkus-app/app/ /deployments/app/
COPY --chown=185 target/quarkus-app/quarkus/ /deployments/quarkus/
# 8080: the API; 9000: health and metrics (the management interface)
EXPOSE 8080 9000
USER 185
ENV JAVA_OPTS_APPEND="-Dquarkus.http.host=0.0.0.0 -Djava.util.logging.manager=org.jboss.logmanager.LogManager"
ENV JAVA_APP_JAR="/deployments/quarkus-run.jar"
ENTRYPOINT [ "/opt/jboss/container/java/run/run-java.sh" ]
