#!/usr/bin/env bash
# Makes the set of damaged stores that TestDamagedStores (cmd/anketa)
# runs store check, store info, export and report on, and keeps them in
# DIR to look at: a small store written as the app writes it (intact.db),
# every page of it zeroed in turn (zeroed-page-NN.db), and one byte
# flipped at each of 200 offsets (flip-OFFSET.db). The test's log line
# counts what was found.
#
#   bash storage/testdata/damage.sh /tmp/damaged
set -euo pipefail
dir=${1:?give the folder to keep the damaged stores in}
cd "$(dirname "$0")/../.."
mkdir -p "$dir"
ANKETA_KEEP_DAMAGED=$(cd "$dir" && pwd) go test ./cmd/anketa -run '^TestDamagedStores$' -count=1 -v | grep -E 'damaged stores|FAIL|ok'
