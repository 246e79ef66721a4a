// Runs SQL in DuckDB and prints each statement's rows as JSON, one line
// per statement: the real consumer the Parquet export is tested against,
// and the peer export/bench/compare.sh measures. It needs Node.js and the
// npm package @duckdb/node-api, installed where ANKETA_DUCKDB points
// (default ~/.cache/anketa-duckdb), as .ci/run installs it:
//
//   npm install --prefix ~/.cache/anketa-duckdb @duckdb/node-api@1.5.6-r.1
//   node export/bench/duckdb.js "select 42"            # or the SQL on stdin
//
// Statements are separated by a line holding only ";". Each prints a
// line of JSON: its rows as objects, every value as DuckDB writes it.
// ANKETA_DUCKDB_FILE opens a database file instead of memory;
// ANKETA_DUCKDB_TIME prints each statement's time on standard error.
const path = require('path');
const os = require('os');
const fs = require('fs');
const dir = process.env.ANKETA_DUCKDB || path.join(os.homedir(), '.cache', 'anketa-duckdb');
const { DuckDBInstance } = require(path.join(dir, 'node_modules', '@duckdb', 'node-api'));

async function main() {
  const sql = process.argv[2] !== undefined ? process.argv[2] : fs.readFileSync(0, 'utf8');
  const db = await DuckDBInstance.create(process.env.ANKETA_DUCKDB_FILE || ':memory:');
  const c = await db.connect();
  await c.run("SET TimeZone = 'UTC'");
  for (const stmt of sql.split(/^;\s*$/m)) {
    if (stmt.trim() === '') continue;
    const t0 = process.hrtime.bigint();
    const r = await c.runAndReadAll(stmt);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (process.env.ANKETA_DUCKDB_TIME) console.error(`${ms.toFixed(1)} ms`);
    console.log(JSON.stringify(r.getRowObjectsJson()));
  }
}
main().catch((e) => { console.error(e.message); process.exit(1); });
