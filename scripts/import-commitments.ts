// `npm run import:commitments -- FILE.csv [--map mapping.json] [--dry-run] [--coalition SLUG]`
// Loads commitments from an OGP or IRM export. The whole file is checked first; then every good
// row is written in one transaction, or none. Rejected rows are listed with their reasons.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { mappingSchema, readImport } from '../src/core/import.ts';
import { fail, openServices, UsageError } from './cli.ts';

try {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      map: { type: 'string' },
      'dry-run': { type: 'boolean' },
      coalition: { type: 'string', default: 'justice' },
    },
  });
  const file = positionals[0];
  if (!file)
    throw new UsageError(
      'usage: npm run import:commitments -- FILE.csv [--map mapping.json] [--dry-run] [--coalition SLUG]',
    );
  let mapping;
  try {
    mapping = mappingSchema.parse(values.map ? JSON.parse(readFileSync(values.map, 'utf8')) : {});
  } catch (error) {
    throw new UsageError(`the mapping file is not valid: ${(error as Error).message}`);
  }
  const { rows, rejected, columns } = readImport(readFileSync(file), mapping);
  const { env, services } = await openServices();
  const coalition = await services.coalition.ensure(values.coalition!, {
    name: 'OGP Justice Coalition',
    timezone: env.DOCKET_TIMEZONE,
    locale: env.DOCKET_LOCALE,
  });
  const known = await services.imports.existing(
    coalition.id,
    rows.map((r) => r.ogpId),
  );
  console.error(
    `columns: ${Object.entries(columns)
      .map(([k, v]) => `${k} ← "${v}"`)
      .join(', ')}`,
  );
  let summary = {
    created: rows.filter((r) => !known.has(r.ogpId)).length,
    updated: rows.filter((r) => known.has(r.ogpId)).length,
  };
  if (!values['dry-run'] && rows.length > 0) {
    const tty = process.stderr.isTTY;
    const bar = (done: number) => {
      if (!tty && done !== rows.length) return;
      const width = 30;
      const filled = Math.round((done / rows.length) * width);
      process.stderr.write(
        `${tty ? '\r' : ''}[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${rows.length}${done === rows.length ? '\n' : ''}`,
      );
    };
    summary = await services.transaction((s) => s.imports.commitments(coalition.id, rows, bar));
  }
  console.log(
    `${values['dry-run'] ? 'dry run: would have ' : ''}created ${summary.created}, updated ${summary.updated}, rejected ${rejected.length}`,
  );
  for (const r of rejected) console.log(`  line ${r.line}: ${r.reason}`);
  await services.close();
} catch (error) {
  fail(error);
}
