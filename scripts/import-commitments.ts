// `npm run import:commitments -- FILE.csv [--map mapping.json] [--dry-run] [--coalition SLUG] [--create-coalition]`
// Loads commitments from an OGP or IRM export. The whole file is checked first; then every good
// row is written in one transaction, or none. Rejected rows are listed with their reasons and the
// line they start on. It fails closed: an unknown coalition is refused (creating one is the explicit
// --create-coalition), and a dry run writes nothing at all.
import { existsSync, readFileSync, statSync } from 'node:fs';
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
      'create-coalition': { type: 'boolean' },
    },
  });
  const file = positionals[0];
  if (!file)
    throw new UsageError(
      'usage: npm run import:commitments -- FILE.csv [--map mapping.json] [--dry-run] [--coalition SLUG] [--create-coalition]',
    );
  const readable = (path: string, what: string) => {
    if (!existsSync(path)) throw new UsageError(`${what} ${path} does not exist`);
    if (!statSync(path).isFile()) throw new UsageError(`${what} ${path} is not a file`);
    return readFileSync(path);
  };
  const bytes = readable(file, 'the file');
  let mapping;
  try {
    mapping = mappingSchema.parse(
      values.map ? JSON.parse(readable(values.map, 'the mapping').toString('utf8')) : {},
    );
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`the mapping file is not valid: ${(error as Error).message}`);
  }
  const slug = values.coalition!;
  if (!/^[a-z0-9-]{2,40}$/.test(slug))
    throw new UsageError(`"${slug}" is not a coalition slug (lower-case letters, digits, dashes)`);
  const { rows, rejected, columns } = readImport(bytes, mapping);
  const dryRun = Boolean(values['dry-run']);
  const { env, services } = await openServices();
  let coalition = await services.coalition.bySlug(slug);
  if (!coalition && !values['create-coalition'])
    throw new UsageError(
      `no coalition has the slug "${slug}": check it, or pass --create-coalition to create it`,
    );
  if (!coalition && !dryRun)
    coalition = await services.coalition.ensure(slug, {
      name: 'OGP Justice Coalition',
      timezone: env.DOCKET_TIMEZONE,
      locale: env.DOCKET_LOCALE,
    });
  if (!coalition) console.error(`dry run: would create the coalition "${slug}"`);
  const known = coalition
    ? await services.imports.existing(
        coalition.id,
        rows.map((r) => r.ogpId),
      )
    : new Set<string>();
  console.error(
    `columns: ${Object.entries(columns)
      .map(([k, v]) => `${k} ← "${v}"`)
      .join(', ')}`,
  );
  let summary = {
    created: rows.filter((r) => !known.has(r.ogpId)).length,
    updated: rows.filter((r) => known.has(r.ogpId)).length,
  };
  if (!dryRun && coalition && rows.length > 0) {
    const target = coalition;
    const tty = process.stderr.isTTY;
    const bar = (done: number) => {
      if (!tty && done !== rows.length) return;
      const width = 30;
      const filled = Math.round((done / rows.length) * width);
      process.stderr.write(
        `${tty ? '\r' : ''}[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${rows.length}${done === rows.length ? '\n' : ''}`,
      );
    };
    summary = await services.transaction((s) => s.imports.commitments(target.id, rows, bar));
  }
  console.log(
    `${dryRun ? 'dry run: would have ' : ''}created ${summary.created}, updated ${summary.updated}, rejected ${rejected.length}`,
  );
  for (const r of rejected) console.log(`  line ${r.line}: ${r.reason}`);
  await services.close();
} catch (error) {
  fail(error);
}
