// Reads Parquet files with parquet-wasm, the Rust Parquet reader of the
// Apache Arrow project built for Node.js, and prints their rows as one
// line of JSON: objects by column name, every value as text (NULL as
// null; lists as [a, b]; times as ISO 8601 in UTC; dates as YYYY-MM-DD).
// It is the second reader the Parquet export is tested against, beside
// DuckDB, as Spark and Arrow read the files with readers of their own.
// It needs the npm packages parquet-wasm and apache-arrow, installed
// where ANKETA_DUCKDB points (default ~/.cache/anketa-duckdb), as .ci/run
// installs them:
//
//   npm install --prefix ~/.cache/anketa-duckdb parquet-wasm@0.8.0 apache-arrow@21.2.0
//   node export/bench/arrow.js DIR/questionnaire=x/month=2026-10/part-0000.parquet ...
const path = require('path');
const os = require('os');
const fs = require('fs');
const dir = process.env.ANKETA_DUCKDB || path.join(os.homedir(), '.cache', 'anketa-duckdb');
const { readParquet } = require(path.join(dir, 'node_modules', 'parquet-wasm', 'node', 'parquet_wasm.js'));
const { tableFromIPC, Type } = require(path.join(dir, 'node_modules', 'apache-arrow', 'Arrow.node.js'));

function text(v, type) {
  if (v === null || v === undefined) return null;
  switch (type.typeId) {
    case Type.Timestamp:
      return new Date(Number(v)).toISOString();
    case Type.Date:
      return new Date(Number(v)).toISOString().slice(0, 10);
    case Type.List:
      return '[' + Array.from(v.toArray(), (x) => text(x, type.children[0].type)).join(', ') + ']';
  }
  return String(v);
}

const rows = [];
for (const file of process.argv.slice(2)) {
  const table = tableFromIPC(readParquet(new Uint8Array(fs.readFileSync(file))).intoIPCStream());
  const fields = table.schema.fields;
  const cols = fields.map((f) => table.getChild(f.name));
  for (let i = 0; i < table.numRows; i++) {
    const row = {};
    fields.forEach((f, j) => { row[f.name] = text(cols[j].get(i), f.type); });
    rows.push(row);
  }
}
console.log(JSON.stringify(rows));
