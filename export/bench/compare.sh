#!/usr/bin/env bash
# Compares anketa's exports with their peers, in one run on this machine:
# N generated sessions of the built-in questionnaire in K stores.
#
# CSV: anketa export (as a coordinator runs it, codebook and SPSS, Stata
# and R files included) against sqlite3 -csv "select *" and DuckDB's
# COPY ... TO csv over the same table, and against the limit: Go's
# encoding/csv writing the same rows held in memory (export/bench/limit).
# Parquet: anketa export --format parquet against DuckDB's COPY ... TO
# parquet of the same table, the sizes, and DuckDB's time for the key
# figures (export/bench/key-figures.sql) on our Parquet and on our CSV.
#
# Our CSV is loaded into SQLite and DuckDB first, untimed; then each side
# runs RUNS times under /usr/bin/time -v, with the disk idle, and the
# medians of wall time, CPU time (user+sys) and peak memory are printed.
#
#   bash export/bench/compare.sh            # N=1000000 K=20 RUNS=3
#   N=100000 K=5 bash export/bench/compare.sh
#
# Needs sqlite3, GNU time, Node.js and @duckdb/node-api (as .ci/run
# installs it; ANKETA_DUCKDB names another folder).
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${N:-1000000}
K=${K:-20}
RUNS=${RUNS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
duck() { node export/bench/duckdb.js "$@"; }

go build -o "$work/anketa" ./cmd/anketa
go build -o "$work/limit" ./export/bench/limit
echo "generating $N sessions in $K stores..."
"$work/anketa" generate --sessions "$N" --stores "$K" --paradata=false --out "$work/stores"
"$work/anketa" export --no-sidecars -o "$work/ours.csv" "$work/stores" 2>/dev/null
sqlite3 "$work/db.sqlite" ".mode csv" ".import $work/ours.csv t"
ANKETA_DUCKDB_FILE="$work/duck.db" duck "CREATE TABLE t AS SELECT * FROM read_csv('$work/ours.csv', header = true, all_varchar = false)" >/dev/null
echo "rows: SQLite $(sqlite3 "$work/db.sqlite" 'select count(*) from t'), DuckDB $(ANKETA_DUCKDB_FILE="$work/duck.db" duck 'select count(*) as n from t' | tr -dc '0-9')"
sync # let the setup's writes reach the disk before anything is timed

measure() { # name, command...
	local name=$1; shift
	# Each run starts with the disk idle: sqlite3 and DuckDB leave their
	# output to be written back later, which would otherwise land on the
	# next run. (Our export syncs its output before renaming it; they do
	# not, so the comparison favours them.)
	sync
	/usr/bin/time -v -o "$work/time.txt" "$@" >/dev/null 2>"$work/err.txt" || { cat "$work/err.txt" >&2; exit 1; }
	local wall rss cpu
	wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$work/time.txt")
	rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
	cpu=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {print u+s}' "$work/time.txt")
	echo "$name $wall $rss $cpu" >> "$work/results.txt"
}
for _ in $(seq "$RUNS"); do
	rm -rf "$work/ours.parquet" "$work/ours.parquet.codebook.md"
	measure anketa "$work/anketa" export -o "$work/ours.csv" "$work/stores"
	measure parquet "$work/anketa" export --format parquet -o "$work/ours.parquet" "$work/stores"
	measure sqlite3 sh -c "sqlite3 -csv '$work/db.sqlite' 'select * from t' > '$work/theirs.csv'"
	rm -f "$work/duck.csv" "$work/duck.parquet"
	ANKETA_DUCKDB_FILE="$work/duck.db" measure duckdb-csv node export/bench/duckdb.js "COPY t TO '$work/duck.csv' (HEADER)"
	ANKETA_DUCKDB_FILE="$work/duck.db" measure duckdb-parquet node export/bench/duckdb.js "COPY t TO '$work/duck.parquet' (FORMAT parquet)"
	sync
	"$work/limit" "$work/ours.csv" "$work/limit.csv" | awk '{print "limit", $1, 0, $2}' >> "$work/results.txt"
	# The key figures, on our Parquet and on our CSV.
	sed "s|read_parquet('data/parquet/\*\*/\*.parquet', hive_partitioning = true)|read_parquet('$work/ours.parquet/**/*.parquet', hive_partitioning = true)|" export/bench/key-figures.sql > "$work/q-parquet.sql"
	# On the CSV the analyst must make what the Parquet has: the missing
	# codes NULL with their kind, and the month.
	sed "s|SELECT \* FROM read_parquet('data/parquet/\*\*/\*.parquet', hive_partitioning = true)|SELECT * REPLACE (CASE WHEN celkove BETWEEN 1 AND 5 THEN celkove END AS celkove), CASE celkove WHEN 9 THEN 'dont_know' WHEN -99 THEN 'skipped' END AS celkove__missing, strftime(started_at, '%Y-%m') AS month FROM read_csv('$work/ours.csv', header = true)|" export/bench/key-figures.sql > "$work/q-csv.sql"
	for f in parquet csv; do
		ANKETA_DUCKDB_TIME=1 node export/bench/duckdb.js < "$work/q-$f.sql" 2> "$work/q-$f.ms" >/dev/null
		echo "query-$f $(awk '{s+=$1} END {print s/1000}' "$work/q-$f.ms") 0 0" >> "$work/results.txt"
	done
done
median() { grep "^$1 " "$work/results.txt" | awk '{print $'"$2"'}' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
line() { # label, name
	printf '%-28s median %6.2f s wall, %6.2f s CPU (user+sys), peak %7d KB\n' "$1" "$(median "$2" 2)" "$(median "$2" 4)" "$(median "$2" 3)"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a/b}'; }
echo "machine: $(nproc) cores, $(awk '/model name/ {$1=$2=$3=""; print; exit}' /proc/cpuinfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "CSV, $(($(wc -l < "$work/ours.csv") - 1)) rows, $(du -k "$work/ours.csv" | cut -f1) KB:"
line "  anketa export" anketa
line "  sqlite3 -csv select *" sqlite3
line "  DuckDB COPY TO csv" duckdb-csv
printf '  %-26s median %6.2f s wall, %6.2f s CPU\n' "Go encoding/csv (limit)" "$(median limit 2)" "$(median limit 4)"
a=$(median anketa 4); l=$(median limit 4); s=$(median sqlite3 4); aw=$(median anketa 2); dw=$(median duckdb-csv 2)
echo "  CPU: anketa/limit $(ratio "$a" "$l") (target <= 2), anketa/sqlite3 $(ratio "$a" "$s") (target <= 0.6)"
echo "  wall: anketa/DuckDB COPY $(ratio "$aw" "$dw") (target <= 1 on a quiet machine)"
echo "Parquet, $(du -sk "$work/ours.parquet" | cut -f1) KB in $(find "$work/ours.parquet" -name '*.parquet' | wc -l) files:"
line "  anketa export --format parquet" parquet
line "  DuckDB COPY TO parquet" duckdb-parquet
pw=$(median parquet 2); dpw=$(median duckdb-parquet 2)
echo "  wall: parquet/CSV export $(ratio "$pw" "$aw") (target <= 1), parquet/DuckDB COPY $(ratio "$pw" "$dpw") (target <= 1)"
echo "  size: parquet/CSV $(ratio "$(du -sk "$work/ours.parquet" | cut -f1)" "$(du -k "$work/ours.csv" | cut -f1)") (target <= 0.25); DuckDB's own parquet $(du -k "$work/duck.parquet" | cut -f1) KB"
qp=$(median query-parquet 2); qc=$(median query-csv 2)
echo "  key figures in DuckDB: on our Parquet $qp s, on our CSV $qc s: $(ratio "$qc" "$qp")x faster (target >= 5)"
