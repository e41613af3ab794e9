#!/usr/bin/env node
// Prisma's CLI insists on a native schema engine before `generate`, which never uses it, and
// cannot download one on closed networks. This stand-in only answers the version probe; schema
// work goes through the WebAssembly engine in scripts/db.ts.
if (process.argv.includes('--version')) {
  console.log('schema-engine-cli 59be4fda12412a79eeb9c2ae727b6aa723593323 (docket wasm stand-in)');
  process.exit(0);
}
console.error('docket: the native schema engine is not available here; use `npm run db -- help`.');
process.exit(1);
