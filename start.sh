#!/usr/bin/env bash
#
# Build the Atlas Budget distribution, install it into dist/atlas-budget/ and start it.
#
#   ./start.sh               build, install, create the admin user if missing, run the Karaf
#                            console in the foreground (Ctrl-D or "shutdown" stops it)
#   ./start.sh --background  the same, but start Karaf in the background and return once its
#                            SSH port answers; stop it with dist/atlas-budget/bin/stop
#   ./start.sh --fresh       wipe dist/atlas-budget first (the admin user and all data go too)
#
# A rebuild replaces dist/atlas-budget but keeps what belongs to the installation: data/
# (the database, logs; minus the OSGi bundle cache so the new bundles are the ones that run),
# etc/users.properties (the admin user), etc/host.key* (the SSH host key) and the product's
# own configuration etc/org.atlas.budget*, and deploy/ (catalogue bundles dropped there). Every
# other file in etc/ comes fresh from the build.
#
# Needs JDK 17 (Karaf 4.4 does not run on JDK 24+) and Maven 3.8+; the first build downloads
# about 200 MB from Maven Central.
#
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly root
readonly dist="$root/dist/atlas-budget"
readonly rel_dist="dist/atlas-budget"

fresh=false
background=false
for arg in "$@"; do
  case "$arg" in
    --fresh) fresh=true ;;
    --background) background=true ;;
    -h|--help)
      sed -n '3,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      exit 0 ;;
    *)
      echo "start.sh: unknown option '$arg' (try --help)" >&2
      exit 2 ;;
  esac
done

die() { echo "start.sh: $*" >&2; exit 1; }

# --- tools ---------------------------------------------------------------------------------
command -v java >/dev/null || die "java not found; install JDK 17"
command -v mvn >/dev/null || die "mvn not found; install Maven 3.8 or newer"
java_major="$(java -XshowSettings:properties -version 2>&1 \
  | sed -n -E 's/^[[:space:]]*java\.specification\.version = ([0-9]+).*/\1/p')"
if [[ -n "$java_major" ]] && (( java_major < 17 || java_major >= 24 )); then
  die "Java $java_major found; Atlas Budget (Karaf 4.4) needs JDK 17 to 21 (17 is tested)"
fi
# Karaf's scripts warn on every call without JAVA_HOME: derive it from the java on the PATH.
if [[ -z "${JAVA_HOME:-}" ]]; then
  JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
  export JAVA_HOME
fi

# A "KEY = value" of a Karaf .cfg file, or the default.
cfg_value() {
  local file="$1" key="$2" default="$3" value=""
  if [[ -f "$file" ]]; then
    value="$(sed -n -E "s/^[[:space:]]*${key//./\\.}[[:space:]]*[=:][[:space:]]*(.*[^[:space:]])[[:space:]]*\$/\\1/p" "$file" | tail -n 1)"
  fi
  echo "${value:-$default}"
}

port_answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The pid of the Karaf running from dist/atlas-budget, if any (Karaf writes karaf.pid at start).
karaf_pid() {
  local pid
  [[ -s "$dist/karaf.pid" ]] || return 1
  pid="$(<"$dist/karaf.pid")"
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

# --- never replace files under a running Karaf -----------------------------------------------
if karaf_pid >/dev/null || { [[ -x "$dist/bin/status" ]] && "$dist/bin/status" >/dev/null 2>&1; }; then
  die "Atlas Budget is running from $rel_dist; stop it first: $rel_dist/bin/stop (after a crash, remove a stale $rel_dist/karaf.pid)"
fi

# --- build ---------------------------------------------------------------------------------
mkdir -p "$root/dist"
build_log="$root/dist/build.log"
echo "Building the distribution: mvn package -pl karaf-assembly -am (log: ${build_log#"$root"/})"
echo "The first build downloads its dependencies from Maven Central and takes a few minutes."
if ! (cd "$root" && mvn -B -DskipTests package -pl karaf-assembly -am) > "$build_log" 2>&1; then
  tail -n 40 "$build_log" >&2
  die "the build failed; the whole log is in ${build_log#"$root"/}"
fi

tarball="$(ls -t "$root"/karaf-assembly/target/atlas-budget-*.tar.gz 2>/dev/null | head -n 1 || true)"
[[ -n "$tarball" ]] || die "the build produced no karaf-assembly/target/atlas-budget-*.tar.gz"

# --- install into dist/atlas-budget --------------------------------------------------------
if $fresh && [[ -e "$dist" ]]; then
  echo "--fresh: removing $rel_dist (its users and data included)"
  rm -rf "$dist"
fi

staging="$(mktemp -d "$root/dist/.staging.XXXXXX")"
new=""
previous=""
# On any failure, put the previous installation (and its data) back where it was.
rollback() {
  if [[ -n "$previous" && -d "$previous" ]]; then
    if [[ ! -e "$previous/data" && -n "$new" && -d "$new/data" ]]; then
      mv "$new/data" "$previous/data"
    fi
    if [[ ! -e "$dist" ]]; then
      mv "$previous" "$dist"
      echo "start.sh: $rel_dist was left as it was" >&2
    else
      echo "start.sh: the previous installation is in $previous" >&2
    fi
  fi
  rm -rf "$staging"
}
trap rollback EXIT

tar -xzf "$tarball" -C "$staging"
new="$(find "$staging" -mindepth 1 -maxdepth 1 -type d | head -n 1)"
[[ -x "$new/bin/karaf" ]] || die "$tarball does not hold a Karaf distribution"

if [[ -d "$dist" ]]; then
  echo "Updating $rel_dist (keeping data/, deploy/, etc/users.properties, etc/host.key*, etc/org.atlas.budget*)"
  shopt -s nullglob
  for kept in "$dist"/etc/users.properties "$dist"/etc/host.key* "$dist"/etc/org.atlas.budget*; do
    cp -p "$kept" "$new/etc/"
  done
  for kept in "$dist"/deploy/*; do
    cp -p "$kept" "$new/deploy/"
  done
  shopt -u nullglob
  rm -rf "$new/data"
  # Three renames in one file system: the data never exists only as a copy.
  previous="$root/dist/.previous.$$"
  mv "$dist" "$previous"
  if [[ -d "$previous/data" ]]; then
    mv "$previous/data" "$new/data"
    # The bundle cache would keep running the old bundles; the framework rebuilds it from system/.
    rm -rf "$new/data/cache" "$new/data/tmp"
  fi
fi
mv "$new" "$dist"
trap - EXIT
rm -rf "$staging"
if [[ -n "$previous" ]]; then
  rm -rf "$previous"
fi

# --- the admin user ------------------------------------------------------------------------
"$dist/bin/atlas-setup"

ssh_port="$(cfg_value "$dist/etc/org.apache.karaf.shell.cfg" sshPort 8101)"
http_port="$(cfg_value "$dist/etc/org.ops4j.pax.web.cfg" org.osgi.service.http.port 8181)"

next_steps() {
  cat <<MSG

Next:
  the Karaf shell over SSH:  $rel_dist/bin/client -a $ssh_port -u admin
                        or:  ssh -p $ssh_port admin@localhost
  the dashboard (coming):    http://127.0.0.1:$http_port/budget/
  logs:                      $rel_dist/data/log/karaf.log
MSG
}

for port in "$ssh_port" "$http_port"; do
  if port_answers "$port"; then
    die "port $port on 127.0.0.1 is already in use; stop what listens there, or change it in $rel_dist/etc/"
  fi
done

cd "$dist"
if ! $background; then
  next_steps
  echo "  stop:                      type 'shutdown -f' (or Ctrl-D) in the console below"
  echo
  exec bin/karaf
fi

# --- background: start, then wait (with a deadline) until the SSH port answers -------------
bin/start
deadline=$((SECONDS + 180))
seen_pid=false
until port_answers "$ssh_port"; do
  if (( SECONDS >= deadline )); then
    die "Karaf did not open its SSH port $ssh_port within 180 s; see $rel_dist/data/log/karaf.log"
  fi
  if karaf_pid >/dev/null; then
    seen_pid=true
  elif $seen_pid; then
    die "Karaf stopped while starting; see $rel_dist/data/log/karaf.log"
  fi
  sleep 0.5
done

echo
echo "Atlas Budget is running in the background (SSH on 127.0.0.1:$ssh_port)."
next_steps
echo "  stop:                      $rel_dist/bin/stop"
