#!/usr/bin/env sh
# DLP Guard benchmarks (bench/README.md): builds the CLI jar and the Functions package, then runs
# the harness, which prints one table and writes bench/results/latest.json.
#   bench/run.sh                         everything (about 6 minutes on 2 cores)
#   bench/run.sh -o                      offline, dependencies already in ~/.m2
#   bench/run.sh -Dbench.args=--quick    shorter JMH runs and fewer cold JVMs
#   bench/run.sh -Dbench.args=--only=warm,burst
set -eu
cd "$(dirname "$0")/.."
exec mvn -B -q -Pbench -DskipTests -DskipNpm=true "$@" verify
