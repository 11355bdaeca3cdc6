#!/usr/bin/env bash
# Draws the charts of docs/performance.md from the latest flash crowd run's answer files
# (load-test/target/flash-crowd-{bare,service}.csv, written by benchmarks/flash-crowd.sh).
# Installs Debian's gnuplot-nox when missing. Usage: benchmarks/charts.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v gnuplot >/dev/null; then
    echo "Installing Debian's gnuplot-nox"
    apt-get install -y -q --no-install-recommends gnuplot-nox >/dev/null
fi
bare=load-test/target/flash-crowd-bare.csv
service=load-test/target/flash-crowd-service.csv
for file in "$bare" "$service"; do
    [ -s "$file" ] || { echo "No $file: run benchmarks/flash-crowd.sh first"; exit 1; }
done
mkdir -p docs/img
gnuplot <<PLOT
set terminal png size 960,540 font ",11"
set output "docs/img/flash-crowd.png"
set datafile separator ","
set title "Flash crowd, 10,000 buyers within 10 s on a 100-seat flight (2 cores, Gatling on the same machine)"
set xlabel "request sent (s after the first)"
set ylabel "response time (s)"
set key top left
set grid
plot "$service" skip 1 using 1:(\$2/1000) with points pt 7 ps 0.3 lc rgb "#c0392b" title "booking service", \
     "$bare" skip 1 using 1:(\$2/1000) with points pt 7 ps 0.3 lc rgb "#2980b9" title "bare JDK HttpServer, same 409 body"
PLOT
echo "wrote docs/img/flash-crowd.png"
