#!/usr/bin/env node
// A git merge driver for the JSON catalogues: keys added on both sides are kept (ours first),
// a key changed on one side takes that side's text, and a key changed differently on both sides
// is a real conflict (exit 1, ours kept). Keeps translators' branches from colliding on the
// last lines of the file.
import { readFileSync, writeFileSync } from 'node:fs';

const [base, ours, theirs] = process.argv.slice(2).map((f) => JSON.parse(readFileSync(f, 'utf8')));
const merged = { ...ours };
let conflict = false;
for (const [key, value] of Object.entries(theirs)) {
  if (!(key in ours)) merged[key] = value;
  else if (ours[key] !== value) {
    if (ours[key] === base[key]) merged[key] = value;
    else if (value !== base[key]) conflict = true;
  }
}
for (const key of Object.keys(base)) if (!(key in theirs) && ours[key] === base[key]) delete merged[key];
writeFileSync(process.argv[3], `${JSON.stringify(merged, null, 2)}\n`);
process.exit(conflict ? 1 : 0);
