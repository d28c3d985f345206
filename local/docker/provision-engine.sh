#!/usr/bin/env bash
# Makes a Docker engine and Compose v2 usable on this machine, as far as it can, idempotently:
#
#   local/docker/provision-engine.sh          install what is missing, start dockerd if none answers
#   local/docker/provision-engine.sh --stop   stop the dockerd this script started (by its pid file)
#
# - the engine: Debian's `docker.io` (apt-get, as root) when no `dockerd` is installed;
# - Compose v2: when `docker compose version` does not answer v2, the `docker-compose` package of
#   Debian 13 (trixie) — a Go binary that runs on Debian 12 too — is downloaded with apt from the
#   mirror this machine's apt sources already use, unpacked with dpkg-deb, and installed as a CLI
#   plugin in /usr/local/lib/docker/cli-plugins (Debian 12's own docker-compose is the
#   end-of-life v1, which rejects the compose file's top-level `name:`);
# - the daemon: there is no systemd here, so dockerd is started in the background, its log and
#   pid in .pipeline/docker/ at the repository root.
#
# Prints, as its last line, `engine: already running`, `engine: started (pid N)` or why not, and
# exits non-zero when no engine can be had. Prefers Debian's /usr/bin/docker: a newer `docker`
# earlier on the PATH may lack buildx and refuse BuildKit builds.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STATE="$ROOT/.pipeline/docker"
PID_FILE="$STATE/dockerd.pid"
LOG_FILE="$STATE/dockerd.log"
PLUGIN_DIR=/usr/local/lib/docker/cli-plugins

# shellcheck source=local/docker/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

say() { echo "provision-engine: $*" >&2; }

engine_answers() {
  local cli; cli="$(docker_cli)"
  [ -n "$cli" ] && timeout 10 "$cli" info >/dev/null 2>&1
}

stop_engine() {
  if [ -f "$PID_FILE" ]; then
    local pid; pid="$(cat "$PID_FILE")"
    if kill -0 "$pid" 2>/dev/null && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = dockerd ]; then
      kill -TERM "$pid"
      for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
      echo "engine: stopped (pid $pid)"
    else
      echo "engine: not running (stale pid file)"
    fi
    rm -f "$PID_FILE"
  else
    echo "engine: not started by this script; left alone"
  fi
}

install_compose_v2() {
  local cli="$1" mirror tmp deb
  mirror="$(debian_mirror)"
  if [ -z "$mirror" ]; then
    say "no Debian mirror in /etc/apt/sources*; install Compose v2 yourself (docker-compose-plugin or Debian 13's docker-compose)"
    return 1
  fi
  [ "$(id -u)" = 0 ] || { say "Compose v2 is missing and installing it needs root"; return 1; }
  tmp="$(mktemp -d)"
  mkdir -p "$tmp/lists/partial" "$tmp/archives/partial"
  echo "deb $mirror trixie main" > "$tmp/trixie.list"
  local opts=(-o "Dir::Etc::SourceList=$tmp/trixie.list" -o Dir::Etc::SourceParts=/dev/null
              -o "Dir::State::Lists=$tmp/lists" -o "Dir::Cache::Archives=$tmp/archives"
              -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache= -o APT::Get::List-Cleanup=false
              -o APT::Sandbox::User=root)
  say "downloading Debian 13's docker-compose (Compose v2) from $mirror"
  apt-get "${opts[@]}" update -qq >/dev/null
  (cd "$tmp" && apt-get "${opts[@]}" download docker-compose >/dev/null)
  deb="$(ls "$tmp"/docker-compose_*.deb)"
  dpkg-deb -x "$deb" "$tmp/root"
  install -D -m 0755 "$tmp/root/usr/libexec/docker/cli-plugins/docker-compose" "$PLUGIN_DIR/docker-compose"
  rm -rf "$tmp"
  say "installed $("$cli" compose version) as $PLUGIN_DIR/docker-compose"
}

start_engine() {
  mkdir -p "$STATE"
  say "starting dockerd (log: $LOG_FILE)"
  # setsid: the daemon outlives this script and is not in its process group (Ctrl-C elsewhere).
  setsid dockerd >"$LOG_FILE" 2>&1 < /dev/null &
  echo $! > "$PID_FILE"
  for _ in $(seq 1 60); do
    if engine_answers; then echo "engine: started (pid $(cat "$PID_FILE"))"; return 0; fi
    kill -0 "$(cat "$PID_FILE")" 2>/dev/null || break
    sleep 1
  done
  say "dockerd did not come up; the end of $LOG_FILE:"
  tail -n 20 "$LOG_FILE" >&2
  rm -f "$PID_FILE"
  echo "engine: unavailable (dockerd did not start)"
  return 1
}

main() {
  if [ "${1:-}" = --stop ]; then stop_engine; return 0; fi

  if ! command -v dockerd >/dev/null && [ ! -x /usr/bin/docker ]; then
    if engine_answers; then :; else
      say "installing Debian's docker.io"
      apt_install docker.io || { echo "engine: unavailable (no Docker engine and it cannot be installed here)"; return 1; }
    fi
  fi
  local cli; cli="$(docker_cli)"

  if ! "$cli" compose version 2>/dev/null | grep -Eq 'v?2\.'; then
    install_compose_v2 "$cli" || { echo "engine: unavailable (no Compose v2)"; return 1; }
  fi

  if engine_answers; then
    echo "engine: already running"
  elif command -v dockerd >/dev/null && [ "$(id -u)" = 0 ]; then
    start_engine
  else
    echo "engine: unavailable (no engine answers at ${DOCKER_HOST:-the default socket}, and this user cannot start dockerd)"
    return 1
  fi
}

main "$@"
