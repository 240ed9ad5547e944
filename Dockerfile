# syntax=docker/dockerfile:1
# Multi-stage build of the Task Executor service; the runtime image runs as a non-root user.
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
COPY bin bin
COPY executor-domain executor-domain
COPY executor-ports executor-ports
COPY executor-postgres-adapter executor-postgres-adapter
COPY executor-rest-adapter executor-rest-adapter
COPY executor-process-adapter executor-process-adapter
COPY executor-embedded executor-embedded
COPY executor-app executor-app
COPY executor-bench executor-bench
RUN ./mvnw -B -q -DskipTests -Dspotless.check.skip=true -pl executor-app -am package

FROM eclipse-temurin:25-jre
RUN groupadd --system executor && useradd --system --gid executor --home-dir /app executor \
    && apt-get update && apt-get install -y --no-install-recommends python3 util-linux \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /src/executor-app/target/executor-app.jar /app/executor-app.jar
COPY --from=build /src/executor-app/target/lib /app/lib
COPY drivers /app/drivers
RUN mkdir -p /app/data && chown -R executor:executor /app/data
USER executor
ENV HOST=0.0.0.0 PORT=8000 EXECUTOR_WORK_DIR=/app/data/runs
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s CMD ["sh", "-c", "exec 3<>/dev/tcp/127.0.0.1/8000 && printf 'GET /ready HTTP/1.0\\r\\n\\r\\n' >&3 && head -1 <&3 | grep -q ' 200 '"]
# Class data sharing archive in the data volume: written at the first clean exit, halves the
# startup CPU of later starts; rebuilt by the JVM when the jar changes. C1 only: docs/adr/0007.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:TieredStopAtLevel=1", "-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=/app/data/executor-app.jsa", "-jar", "/app/executor-app.jar"]
