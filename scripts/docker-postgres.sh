#!/usr/bin/env bash
# The Docker half of `prerequisites.sh --docker` (dockerd itself is installed there): starts dockerd where none answers,
# then makes the image .config/drills.json names (postgres.image, default runbooks/postgres:15) where it is missing:
#   - where an image registry answers (a short, bounded check), `docker pull postgres:<major>` tagged with that name;
#   - where none does, built from Debian's packages: mmdebstrap (minbase + postgresql-<major>) imported as
#     runbooks/postgres-base:<major>, then scripts/postgres-image/ on top (an entrypoint that behaves like the official one).
# Idempotent: an image that exists is kept. RUNBOOKS_POSTGRES_IMAGE_SOURCE=pull|build skips the registry check.
set -euo pipefail
cd "$(dirname "$0")/.."

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
log=${RUNBOOKS_DOCKERD_LOG:-/var/log/runbooks-dockerd.log}

if ! docker version >/dev/null 2>&1; then
  if [ -S /var/run/docker.sock ] && [ -z "${DOCKER_HOST:-}" ] && pgrep -x dockerd >/dev/null 2>&1; then
    echo "dockerd runs but does not answer on /var/run/docker.sock: see $log." >&2; exit 3
  fi
  echo "Starting dockerd (log: $log)..."
  # Its own session, so the shell that started it (CI's step, a terminal's Ctrl-C) does not take it down. Without the
  # userland proxy a published 127.0.0.1 port is forwarded by the kernel (iptables) instead of a docker-proxy process
  # that copies every byte: under a drill's 500 queries/s that process took 12-25 % of a core on 2 cores.
  # Under cgroup v1 every container sits in the docker cgroup, which competes for CPU like a single process of the host
  # (1024 shares) against every process outside it; the embedded server's backends compete one each. On a busy 2-core
  # machine (load average ~20) the drill's PostgreSQL was starved: db-restore never reached a steady state in 3 of 3 runs;
  # with the docker cgroup at 64 processes' worth it passed 2 of 2, its runbook in 7.5 s, as embedded does.
  if [ -d /sys/fs/cgroup/cpu ] && [ ! -e /sys/fs/cgroup/cgroup.controllers ]; then
    $sudo mkdir -p /sys/fs/cgroup/cpu/docker 2>/dev/null && echo 65536 | $sudo tee /sys/fs/cgroup/cpu/docker/cpu.shares >/dev/null 2>&1 || true
  fi
  $sudo setsid dockerd --userland-proxy=false >>"$log" 2>&1 </dev/null &
  for _ in $(seq 1 60); do
    docker version >/dev/null 2>&1 && break
    sleep 0.5
  done
  docker version >/dev/null 2>&1 || { echo "dockerd did not answer within 30 s: see $log." >&2; exit 3; }
fi

image=$(jq -r '.postgres.image // "runbooks/postgres:15"' .config/drills.json 2>/dev/null || echo "runbooks/postgres:15")
major=${image##*:}
major=${major%%[!0-9]*}
if docker image inspect "$image" >/dev/null 2>&1; then
  echo "PostgreSQL image $image is there."
  exit 0
fi

source=${RUNBOOKS_POSTGRES_IMAGE_SOURCE:-}
if [ -z "$source" ]; then
  # Reachable means: the name resolves and the registry answers HTTP within 5 s. Nothing is sent where DNS has no answer.
  if getent hosts registry-1.docker.io >/dev/null 2>&1 && curl -s -o /dev/null -m 5 https://registry-1.docker.io/v2/; then
    source=pull
  else
    source=build
  fi
fi

if [ "$source" = pull ]; then
  echo "Pulling postgres:$major as $image..."
  docker pull -q "postgres:$major" >/dev/null
  [ "postgres:$major" = "$image" ] || docker tag "postgres:$major" "$image"
  exit 0
fi

# No registry: Debian's own packages. Bookworm carries only PostgreSQL 15.
if ! apt-cache show "postgresql-$major" >/dev/null 2>&1; then
  echo "No image registry answers and Debian has no postgresql-$major to build $image from: set postgres.image in .config/drills.json to a major Debian packages (runbooks/postgres:15)." >&2
  exit 3
fi
command -v mmdebstrap >/dev/null 2>&1 || {
  echo "Installing mmdebstrap (apt-get) to build $image..."
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends mmdebstrap >/dev/null
}
base="runbooks/postgres-base:$major"
work=$(mktemp -d /tmp/runbooks-pg-image-XXXXXX)
trap 'rm -rf "$work"' EXIT
if ! docker image inspect "$base" >/dev/null 2>&1; then
  echo "Building $base from Debian's postgresql-$major (mmdebstrap, about a minute)..."
  # The machine's own Debian sources, so the build goes where apt goes.
  mirrors=()
  while read -r uri suite; do mirrors+=("deb $uri $suite main"); done < <(
    apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 'Created-By: Packages' 2>/dev/null | sort -u | grep -E ' (bookworm|bookworm-updates|bookworm-security)$' || true)
  [ ${#mirrors[@]} -gt 0 ] || mirrors=("deb http://deb.debian.org/debian bookworm main" "deb http://deb.debian.org/debian-security bookworm-security main")
  excludes=()
  for path in '/usr/share/man/*' '/usr/share/doc/*' '/usr/share/locale/*' '/usr/share/info/*' \
              '/usr/lib/x86_64-linux-gnu/libLLVM*' '/usr/lib/x86_64-linux-gnu/libz3*' \
              "/usr/lib/postgresql/$major/lib/llvmjit*" "/usr/lib/postgresql/$major/lib/bitcode/*"; do
    excludes+=("--dpkgopt=path-exclude=$path")
  done
  # eatmydata: dpkg's fsyncs are most of a chroot install's time, and a build that dies is simply redone.
  if ! mmdebstrap --quiet --variant=minbase --include="postgresql-$major" --hook-dir=/usr/share/mmdebstrap/hooks/eatmydata "${excludes[@]}" \
    --essential-hook='mkdir -p "$1/etc/postgresql-common/createcluster.d" && echo "create_main_cluster = false" >"$1/etc/postgresql-common/createcluster.d/runbooks.conf"' \
    --customize-hook='rm -rf "$1"/var/cache/apt/* "$1"/var/lib/apt/lists/*' \
    bookworm "$work/rootfs.tar" "${mirrors[@]}" >"$work/mmdebstrap.log" 2>&1; then
    tail -20 "$work/mmdebstrap.log" >&2
    echo "mmdebstrap could not build the root filesystem of $base (above)." >&2
    exit 3
  fi
  docker import "$work/rootfs.tar" "$base" >/dev/null
  rm -f "$work/rootfs.tar"
fi
echo "Building $image on $base (scripts/postgres-image)..."
# The legacy builder: docker.io 20.10 has no buildx, and the context is two small files.
if ! DOCKER_BUILDKIT=0 docker build -q --build-arg "BASE=$base" --build-arg "PG_MAJOR=$major" -t "$image" scripts/postgres-image >"$work/build.log" 2>&1; then
  cat "$work/build.log" >&2
  echo "docker build of $image failed (above)." >&2
  exit 3
fi
echo "PostgreSQL image $image built."
