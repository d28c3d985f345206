#!/usr/bin/env bash
# Stand-ins for the Docker Hub images this project builds on, for machines that cannot pull them,
# built from Debian packages and Maven Central only; each is skipped when it already exists:
#
#   pipeline/jre:21-debian13      for eclipse-temurin:21-jre (and -jdk when the jars are built on
#                                 the host): a Debian 13 root file system made by debootstrap from
#                                 the mirror this machine's apt already uses, with
#                                 openjdk-21-jre-headless and curl, imported with `docker import`
#   pipeline/kafka:4.2.1-debian13 for apache/kafka:4.2.1: that base, Kafka's jars as
#                                 local/kafka-broker resolves them (target/classpath.txt; built
#                                 here with the Maven wrapper when missing), and the image contract
#                                 in local/docker/kafka/
#
#   local/docker/build-base-images.sh [--force]
#
# Prints the two image names, one a line, as KEY=value (JRE_IMAGE=..., KAFKA_IMAGE=...), so a
# caller can `eval` them; progress goes to stderr. Needs root (debootstrap) and a running engine.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=local/docker/lib.sh
. "$HERE/lib.sh"

JRE_IMAGE="${STANDIN_JRE_IMAGE:-pipeline/jre:21-debian13}"
KAFKA_IMAGE="${STANDIN_KAFKA_IMAGE:-pipeline/kafka:4.2.1-debian13}"
SUITE=trixie
WORK="$ROOT/.pipeline/docker"
FORCE=false
[ "${1:-}" = --force ] && FORCE=true

say() { echo "build-base-images: $*" >&2; }
DOCKER="$(docker_cli)"

build_jre() {
  if [ "$FORCE" = false ] && image_exists "$JRE_IMAGE"; then say "$JRE_IMAGE exists"; return; fi
  command -v debootstrap >/dev/null || apt_install debootstrap
  local mirror rootfs arch started=$SECONDS
  mirror="$(debian_mirror)"
  [ -n "$mirror" ] || { say "no Debian mirror in /etc/apt/sources*"; return 1; }
  arch="$(dpkg --print-architecture)"
  rootfs="$WORK/rootfs-$SUITE"
  rm -rf "$rootfs"
  mkdir -p "$WORK"
  say "debootstrap $SUITE from $mirror (log: $WORK/debootstrap.log)"
  if ! debootstrap --variant=minbase --arch="$arch" \
      --include=openjdk-21-jre-headless,curl,ca-certificates \
      "$SUITE" "$rootfs" "$mirror" >"$WORK/debootstrap.log" 2>&1; then
    tail -n 20 "$WORK/debootstrap.log" >&2
    return 1
  fi
  # What an image need not carry: package caches and lists, logs, the build host's resolver.
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/*.log
  : > "$rootfs/etc/resolv.conf"
  echo "deb $mirror $SUITE main" > "$rootfs/etc/apt/sources.list"
  local java_home="/usr/lib/jvm/java-21-openjdk-$arch"
  [ -x "$rootfs$java_home/bin/java" ] || { say "no java in $rootfs$java_home"; return 1; }
  tar -C "$rootfs" -c . | "$DOCKER" import \
      --change "ENV JAVA_HOME=$java_home" \
      --change "ENV PATH=$java_home/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
      --change 'ENV LANG=C.UTF-8' \
      --change 'CMD ["/bin/bash"]' \
      - "$JRE_IMAGE" >/dev/null
  rm -rf "$rootfs"
  say "$JRE_IMAGE built ($((SECONDS - started)) s): $("$DOCKER" run --rm "$JRE_IMAGE" java -version 2>&1 | head -n 1)"
}

build_kafka() {
  if [ "$FORCE" = false ] && image_exists "$KAFKA_IMAGE"; then say "$KAFKA_IMAGE exists"; return; fi
  local classpath="$ROOT/local/kafka-broker/target/classpath.txt" context="$WORK/kafka-image" started=$SECONDS
  if [ ! -s "$classpath" ]; then
    say "resolving Kafka's jars (./mvnw -pl local/kafka-broker package)"
    (cd "$ROOT" && ./mvnw -B -q -pl local/kafka-broker package) >&2
  fi
  rm -rf "$context"
  mkdir -p "$context/libs"
  cp -R "$HERE/kafka/Dockerfile" "$HERE/kafka/bin" "$HERE/kafka/docker" "$context/"
  tr ':' '\n' < "$classpath" | while IFS= read -r jar; do [ -n "$jar" ] && cp "$jar" "$context/libs/"; done
  say "building $KAFKA_IMAGE from $JRE_IMAGE and $(ls "$context/libs" | wc -l) jars"
  DOCKER_BUILDKIT=1 "$DOCKER" build -q --build-arg "BASE_IMAGE=$JRE_IMAGE" -t "$KAFKA_IMAGE" "$context" >/dev/null
  rm -rf "$context"
  say "$KAFKA_IMAGE built ($((SECONDS - started)) s)"
}

build_jre
build_kafka
echo "JRE_IMAGE=$JRE_IMAGE"
echo "KAFKA_IMAGE=$KAFKA_IMAGE"
