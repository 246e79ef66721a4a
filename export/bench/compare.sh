#!/usr/bin/env bash
# Compares `anketa export` with sqlite3 exporting the same table to CSV,
# in one run on this machine: N generated sessions of the built-in
# questionnaire in K stores. Our CSV is imported into SQLite first,
# untimed; then each side runs three times under /usr/bin/time -v (anketa
# as a coordinator runs it, codebook and SPSS/Stata files included), and the
# medians of wall time and peak memory are printed with their ratio.
#
#   bash export/bench/compare.sh            # N=1000000 K=20
#   N=100000 K=5 bash export/bench/compare.sh
#
# Needs sqlite3 and GNU time (Debian: apt-get install sqlite3 time).
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${N:-1000000}
K=${K:-20}
RUNS=${RUNS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

go build -o "$work/anketa" ./cmd/anketa
echo "generating $N sessions in $K stores..."
"$work/anketa" generate --sessions "$N" --stores "$K" --out "$work/stores"
"$work/anketa" export --no-sidecars -o "$work/ours.csv" "$work/stores" 2>/dev/null
sqlite3 "$work/db.sqlite" ".mode csv" ".import $work/ours.csv t"
echo "rows in SQLite: $(sqlite3 "$work/db.sqlite" 'select count(*) from t')"
sync # let the setup's writes reach the disk before anything is timed

measure() { # name, command...
	local name=$1; shift
	# Each run starts with the disk idle: sqlite3 leaves its output to be
	# written back later, which would otherwise land on the next run. (Our
	# export syncs its output before renaming it; sqlite3 never does, so
	# the comparison still favours sqlite3.)
	sync
	/usr/bin/time -v -o "$work/time.txt" "$@" >/dev/null 2>&1
	local wall rss cpu
	wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$work/time.txt")
	rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
	cpu=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {print u+s}' "$work/time.txt")
	echo "$name $wall $rss $cpu" >> "$work/results.txt"
}
for _ in $(seq "$RUNS"); do
	measure anketa "$work/anketa" export -o "$work/ours.csv" "$work/stores"
	measure sqlite3 sh -c "sqlite3 -csv '$work/db.sqlite' 'select * from t' > '$work/theirs.csv'"
done
median() { grep "^$1 " "$work/results.txt" | awk '{print $'"$2"'}' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
a=$(median anketa 2); s=$(median sqlite3 2)
am=$(median anketa 3); sm=$(median sqlite3 3)
ac=$(median anketa 4); sc=$(median sqlite3 4)
echo "machine: $(nproc) cores, $(awk '/model name/ {$1=$2=$3=""; print; exit}' /proc/cpuinfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "anketa export:  median ${a} s wall, ${ac} s CPU (user+sys), peak ${am} KB"
echo "sqlite3 -csv:   median ${s} s wall, ${sc} s CPU (user+sys), peak ${sm} KB"
awk -v a="$a" -v s="$s" 'BEGIN {printf "ratio anketa/sqlite3: %.2f (target <= 0.5)\n", a/s}'
