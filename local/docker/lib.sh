# Shared by the scripts in local/docker (sourced, not run).

# The Docker CLI to use: Debian's /usr/bin/docker where it is installed (it builds with BuildKit
# without buildx; a newer `docker` earlier on the PATH may refuse to), else the one on the PATH.
# DOCKER=... overrides.
docker_cli() {
  if [ -n "${DOCKER:-}" ]; then echo "$DOCKER"
  elif [ -x /usr/bin/docker ]; then echo /usr/bin/docker
  else command -v docker || true
  fi
}

# The Debian archive this machine's apt already uses (deb822 or one-line sources, first match),
# so nothing here names a mirror of its own.
debian_mirror() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk '
      /^[[:space:]]*#/ { next }
      /^URIs:/ { for (i = 2; i <= NF; i++) if ($i ~ /\/debian\/?$/) { print $i; exit } }
      /^deb[[:space:]]/ { for (i = 2; i <= NF; i++) if ($i ~ /^(http|https|ftp):\/\/.*\/debian\/?$/) { print $i; exit } }
    ' "$f"
  done | head -n 1
}

# Installs Debian packages when missing (root and apt-get only); says why not otherwise.
apt_install() {
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "cannot install $* here (needs root and apt-get); install it yourself" >&2
    return 1
  fi
  if [ -z "${_APT_UPDATED:-}" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null && _APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

image_exists() {
  "$(docker_cli)" image inspect "$1" >/dev/null 2>&1
}
