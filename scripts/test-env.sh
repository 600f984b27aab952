#!/usr/bin/env bash
# Provisions what `npm test` needs: a Docker engine, a Podman service, the busybox test image in
# both, and Chromium. Idempotent: an engine that already answers is used as it is.
#
#   scripts/test-env.sh            set up (default)
#   scripts/test-env.sh stop       stop the daemons this script started, nothing else
#   scripts/test-env.sh start-docker | stop-docker | start-podman | stop-podman
#                                  used by the engine-restart integration test
set -euo pipefail

STATE_DIR=/run/container-kit-test
DOCKER_SOCK=/var/run/docker.sock
PODMAN_SOCK=/run/podman/podman.sock
IMAGE=localhost/ck-test:latest
APPLETS="sh ash cat echo ls mkdir rm sleep httpd nc nslookup ping ping6 wget ip ifconfig route netstat
 hostname ps kill grep sed awk head tail tr wc env true false date id uname sort uniq cut tee touch
 ln cp mv chmod printf test [ which vi udhcpc nsenter"

log() { printf '[test-env] %s\n' "$*" >&2; }
die() { printf '[test-env] ERROR: %s\n' "$*" >&2; exit 1; }

docker_up() { [ -S "$DOCKER_SOCK" ] && curl -fsS --max-time 2 --unix-socket "$DOCKER_SOCK" http://d/_ping >/dev/null 2>&1; }
podman_up() { [ -S "$PODMAN_SOCK" ] && curl -fsS --max-time 2 --unix-socket "$PODMAN_SOCK" http://d/_ping >/dev/null 2>&1; }

wait_for() { # name, check function, seconds
  local i
  for ((i = 0; i < $3 * 5; i++)); do "$2" && return 0; sleep 0.2; done
  return 1
}

need_root_debian() {
  local missing="$1"
  if [ "$(id -u)" != 0 ]; then
    die "missing: ${missing}. Install them (as root: apt-get install -y ${missing}) or run this script as root."
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    die "missing: ${missing}. This script installs them only on Debian/Ubuntu (apt-get); install them with your package manager."
  fi
}

apt_install() {
  [ $# -eq 0 ] && return 0
  need_root_debian "$*"
  log "installing from Debian: $*"
  if [ ! -f "$STATE_DIR/apt-updated" ]; then
    apt-get update -qq >/dev/null
    mkdir -p "$STATE_DIR" && touch "$STATE_DIR/apt-updated"
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

write_containers_conf() {
  local hard_nofile hard_nproc nofile nproc conf=/etc/containers/containers.conf
  hard_nofile=$(ulimit -Hn); hard_nproc=$(ulimit -Hu)
  nofile=20000; nproc=20000
  [ "$hard_nofile" != unlimited ] && [ "$hard_nofile" -lt $nofile ] && nofile=$hard_nofile
  [ "$hard_nproc" != unlimited ] && [ "$hard_nproc" -lt $nproc ] && nproc=$hard_nproc
  local want
  want=$(printf '# Written by container-kit scripts/test-env.sh\n[containers]\ndefault_ulimits = ["nofile=%s:%s", "nproc=%s:%s"]\n\n[engine]\nruntime = "runc"\n' "$nofile" "$nofile" "$nproc" "$nproc")
  if [ -f "$conf" ] && [ "$(cat "$conf")" = "$want" ]; then return 0; fi
  if [ -f "$conf" ] && ! grep -q 'container-kit' "$conf"; then cp "$conf" "$conf.before-container-kit"; fi
  mkdir -p /etc/containers
  printf '%s\n' "$want" >"$conf"
  log "wrote $conf (runtime runc, nofile=$nofile nproc=$nproc)"
}

start_docker() {
  docker_up && return 0
  command -v dockerd >/dev/null || die "dockerd is not installed (apt-get install docker.io)"
  mkdir -p "$STATE_DIR"
  log "starting dockerd"
  setsid dockerd --host "unix://$DOCKER_SOCK" >"$STATE_DIR/dockerd.log" 2>&1 </dev/null &
  echo $! >"$STATE_DIR/dockerd.pid"
  wait_for dockerd docker_up 60 || { tail -n 30 "$STATE_DIR/dockerd.log" >&2; die "dockerd did not answer on $DOCKER_SOCK within 60 s"; }
}

stop_pidfile() { # name
  local f="$STATE_DIR/$1.pid" pid i
  [ -f "$f" ] || return 0
  pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for ((i = 0; i < 150; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$f"
}

start_podman() {
  podman_up && return 0
  command -v podman >/dev/null || die "podman is not installed (apt-get install podman)"
  mkdir -p "$STATE_DIR" "$(dirname "$PODMAN_SOCK")"
  rm -f "$PODMAN_SOCK"
  log "starting podman system service"
  setsid podman system service --time=0 "unix://$PODMAN_SOCK" >"$STATE_DIR/podman.log" 2>&1 </dev/null &
  echo $! >"$STATE_DIR/podman.pid"
  wait_for podman podman_up 30 || { tail -n 30 "$STATE_DIR/podman.log" >&2; die "podman did not answer on $PODMAN_SOCK within 30 s"; }
}

build_rootfs() { # dir
  local dir=$1 a
  mkdir -p "$dir/bin" "$dir/etc" "$dir/tmp" "$dir/www" "$dir/proc" "$dir/sys" "$dir/dev"
  cp /bin/busybox "$dir/bin/busybox"
  for a in $APPLETS; do ln -sf busybox "$dir/bin/$a"; done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$dir/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$dir/etc/group"
  printf '<h1>ck-test</h1>\n' >"$dir/www/index.html"
}

ensure_image() { # engine-cli socket
  local cli=$1 sock=$2 tmp
  if curl -fsS --max-time 5 --unix-socket "$sock" "http://d/images/${IMAGE}/json" >/dev/null 2>&1; then return 0; fi
  tmp=$(mktemp -d)
  build_rootfs "$tmp/rootfs"
  tar -C "$tmp/rootfs" -cf "$tmp/rootfs.tar" .
  log "importing $IMAGE into $cli"
  if [ "$cli" = docker ]; then
    DOCKER_HOST="unix://$sock" docker import --change 'CMD ["/bin/sh"]' --change 'ENV PATH=/bin' "$tmp/rootfs.tar" "$IMAGE" >/dev/null
  else
    podman --url "unix://$sock" import --change 'CMD ["/bin/sh"]' --change 'ENV PATH=/bin' "$tmp/rootfs.tar" "$IMAGE" >/dev/null
  fi
  rm -rf "$tmp"
}

setup() {
  local pkgs=()
  docker_up || { command -v dockerd >/dev/null || pkgs+=(docker.io); }
  command -v docker >/dev/null || pkgs+=(docker.io)
  if ! podman_up; then
    command -v podman >/dev/null || pkgs+=(podman)
    [ -x /usr/lib/podman/netavark ] || [ -x /usr/libexec/podman/netavark ] || command -v netavark >/dev/null || pkgs+=(netavark)
    [ -x /usr/lib/podman/aardvark-dns ] || [ -x /usr/libexec/podman/aardvark-dns ] || command -v aardvark-dns >/dev/null || pkgs+=(aardvark-dns)
    command -v runc >/dev/null || pkgs+=(runc)
  fi
  command -v iptables >/dev/null || pkgs+=(iptables)
  [ -x /bin/busybox ] && /bin/busybox --list 2>/dev/null | grep -qx httpd || pkgs+=(busybox-static)
  [ -x /usr/bin/chromium ] || pkgs+=(chromium)
  command -v curl >/dev/null || pkgs+=(curl)
  # shellcheck disable=SC2207
  pkgs=($(printf '%s\n' "${pkgs[@]}" | sort -u))
  apt_install "${pkgs[@]}"

  if ! podman_up; then write_containers_conf; fi
  start_docker
  start_podman
  ensure_image docker "$DOCKER_SOCK"
  ensure_image podman "$PODMAN_SOCK"
  log "ready: docker on $DOCKER_SOCK, podman on $PODMAN_SOCK, image $IMAGE, chromium at /usr/bin/chromium"
}

case "${1:-setup}" in
  setup) setup ;;
  stop) stop_pidfile podman; stop_pidfile dockerd ;;
  start-docker) start_docker ;;
  stop-docker) stop_pidfile dockerd ;;
  start-podman) start_podman ;;
  stop-podman) stop_pidfile podman ;;
  *) die "unknown command: $1 (setup | stop | start-docker | stop-docker | start-podman | stop-podman)" ;;
esac
