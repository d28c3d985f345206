# One image recipe for every runnable module, chosen by the MODULE build argument (a module
# directory). docker-compose.yml passes the same arguments:
#
#   docker build --build-arg MODULE=fetcher-service -t pipeline/fetcher-service .
#   docker build --build-arg MODULE=processor-service -t pipeline/processor-service .
#   docker build --build-arg MODULE=local/stand-in-upstream --target upstream -t pipeline/stand-in-upstream .
#   docker build --build-arg MODULE=local/object-store --target object-store -t pipeline/object-store .
#
# The Spring Boot services run from their jar's layers: dependencies change rarely and the
# application often, so a rebuild re-ships only the top layer. The stand-in upstream is a plain
# shaded jar and has its own final stage, `upstream`; so has the object store (S3Mock's jar from
# Maven Central, copied by local/object-store's build: JARS=source fetches it there too).
#
# Build arguments (all optional; BuildKit, i.e. `docker compose build` or DOCKER_BUILDKIT=1):
#   JARS=source  (default) the jar is built here, from the sources, with the Maven wrapper
#   JARS=host    the jar built beforehand on the host (./mvnw -B -DskipTests package) is packaged:
#                for machines whose containers cannot reach Maven Central
#   JDK_IMAGE    the build stage's base (default eclipse-temurin:21-jdk; unused with JARS=host)
#   JRE_IMAGE    the runtime's base (default eclipse-temurin:21-jre); any JRE 21 image with bash,
#                curl (the compose healthchecks call it), useradd and groupadd will do, e.g. the
#                stand-in local/docker/build-base-images.sh builds where Docker Hub is out of reach
ARG JDK_IMAGE=eclipse-temurin:21-jdk
ARG JRE_IMAGE=eclipse-temurin:21-jre
ARG JARS=source

# ---- jar-source: the Maven wrapper builds MODULE and the modules it depends on ------------------
FROM ${JDK_IMAGE} AS jar-source
ARG MODULE
WORKDIR /workspace
COPY . .
# The cache mount keeps the local Maven repository from one build to the next; locked, because
# compose builds the three images in parallel and Maven's local repository is not safe for that.
RUN --mount=type=cache,target=/root/.m2,sharing=locked \
    test -n "${MODULE}" || { echo "build with --build-arg MODULE=<module directory>, e.g. fetcher-service" >&2; exit 1; }; \
    ./mvnw -B -DskipTests -pl "${MODULE}" -am package \
    # Every runnable jar is named after its module's directory: fetcher-service/target/fetcher-service.jar,
    # local/stand-in-upstream/target/stand-in-upstream.jar (the shaded one, not the plain artifact).
    && cp "${MODULE}/target/$(basename "${MODULE}").jar" /workspace/app.jar

# ---- jar-host: the same jar, built on the host (only it passes .dockerignore out of target/) ----
FROM ${JRE_IMAGE} AS jar-host
ARG MODULE
WORKDIR /workspace
COPY ${MODULE}/target/ target/
RUN test -n "${MODULE}" || { echo "build with --build-arg MODULE=<module directory>, e.g. fetcher-service" >&2; exit 1; }; \
    test -f "target/$(basename "${MODULE}").jar" \
      || { echo "no ${MODULE}/target/$(basename "${MODULE}").jar: build the jars first (./mvnw -B -DskipTests package)" >&2; exit 1; }; \
    cp "target/$(basename "${MODULE}").jar" /workspace/app.jar

# ---- jar: whichever of the two JARS names (BuildKit builds only the one used) -------------------
FROM jar-${JARS} AS jar

# ---- layers: a Spring Boot jar split into its layers (the `tools` jar mode of Boot 3.3+) -------
FROM ${JRE_IMAGE} AS layers
WORKDIR /layers
COPY --from=jar /workspace/app.jar app.jar
RUN java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted

# ---- runtime: what both final stages share ------------------------------------------------------
# A glibc JRE rather than -alpine: RocksDB's JNI library (processor) wants glibc, and the image
# needs curl, which the compose healthchecks call (adoptium/containers installs curl and wget in
# its Ubuntu images; the Debian stand-in has it too).
FROM ${JRE_IMAGE} AS runtime
RUN groupadd --system --gid 10001 pipeline \
    && useradd --system --uid 10001 --gid pipeline --home-dir /app --no-create-home pipeline \
    # Exists in the image and belongs to the app user, so a fresh named volume mounted here does too.
    && mkdir -p /app /data/output \
    && chown pipeline:pipeline /data/output
WORKDIR /app

# ---- upstream: the stand-in upstream (docker build --target upstream) ---------------------------
# A plain shaded jar, listening on all of the container's addresses so the fetcher's container
# reaches it. Extra arguments (e.g. `--products 1000000` from a compose `command:`) are appended.
FROM runtime AS upstream
COPY --from=jar /workspace/app.jar upstream.jar
USER 10001:10001
EXPOSE 8089
ENTRYPOINT ["java", "-jar", "/app/upstream.jar", "--host", "0.0.0.0", "--port", "8089"]

# ---- object-store: S3Mock, an S3-compatible server (docker build --target object-store) --------
# Compose's optional `object-store` profile: the processors' reports in a bucket rather than on a
# shared volume. Its jar is Adobe's, unchanged (local/object-store copies it from Maven Central), and
# it never changes, so it runs as it is rather than from layers. Its objects go to /data/objects,
# which belongs to the app user so that a fresh named volume mounted there does too.
FROM runtime AS object-store
COPY --from=jar /workspace/app.jar object-store.jar
RUN mkdir -p /data/objects && chown pipeline:pipeline /data/objects
USER 10001:10001
EXPOSE 9090
ENTRYPOINT ["java", "-jar", "/app/object-store.jar"]

# ---- service (the default target): a Spring Boot service from its layers, least volatile first ---
FROM runtime AS service
COPY --from=layers /layers/extracted/dependencies/ ./
COPY --from=layers /layers/extracted/spring-boot-loader/ ./
COPY --from=layers /layers/extracted/snapshot-dependencies/ ./
COPY --from=layers /layers/extracted/application/ ./
USER 10001:10001
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
