// `npm run export -- --coalition SLUG --out DIR`: a coalition's data as JSON, one file a table.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fail, openServices, UsageError } from './cli.ts';

try {
  const { values } = parseArgs({ options: { coalition: { type: 'string' }, out: { type: 'string' } } });
  if (!values.coalition || !values.out)
    throw new UsageError('usage: npm run export -- --coalition SLUG --out DIR');
  const { services } = await openServices();
  const coalition = await services.coalition.bySlug(values.coalition);
  if (!coalition) throw new UsageError(`no coalition has the slug "${values.coalition}"`);
  mkdirSync(values.out, { recursive: true });
  for await (const [table, rows] of services.exports.coalition(coalition.id)) {
    writeFileSync(path.join(values.out, `${table}.json`), `${JSON.stringify(rows, null, 2)}\n`);
    console.log(`${table}: ${rows.length}`);
  }
  await services.close();
} catch (error) {
  fail(error);
}
