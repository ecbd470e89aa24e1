#!/usr/bin/env sh
# Cold `check --whatif` on each example what-if result, one fresh JVM per run: the time a pull
# request pipeline waits. Needs target/dlp-guard.jar (mvn -B -q -o -DskipTests -DskipNpm=true package).
# Uses hyperfine when installed (apt-get install hyperfine), else /usr/bin/time in a loop.
#   bench/whatif-cold.sh [runs]
set -eu
cd "$(dirname "$0")/.."
runs="${1:-10}"
jar=target/dlp-guard.jar
[ -f "$jar" ] || { echo "build $jar first" >&2; exit 2; }
set -- delete-alias rogue-account appliance-route vnet-replaced benign
if command -v hyperfine >/dev/null 2>&1; then
  cmds=""
  for f in "$@"; do
    cmds="$cmds|java -jar $jar check --whatif examples/whatif/$f.json --snapshot examples/compliant --config examples/dlp-guard.json"
  done
  IFS='|'
  # -i: these checks exit 1 by design (the examples introduce violations).
  # shellcheck disable=SC2086
  exec hyperfine -N -i --warmup 2 --runs "$runs" ${cmds#|}
fi
for f in "$@"; do
  i=0
  while [ "$i" -lt "$runs" ]; do
    /usr/bin/time -f "$f %e s wall, %U s user, %S s sys, %M KiB max RSS" \
      java -jar "$jar" check --whatif "examples/whatif/$f.json" --snapshot examples/compliant \
      --config examples/dlp-guard.json >/dev/null || true
    i=$((i + 1))
  done
done
