// Schema tooling that works without Prisma's native engine (see ../shared/notes/prisma-offline.md):
//   derive [--check]   write prisma/pg/schema.prisma from prisma/schema.prisma (or fail if stale)
//   check              both migration folders replay to exactly the schema (needs PostgreSQL)
//   new NAME           add a migration for both databases from the schema change
// It drives Prisma's own WebAssembly schema engine, so the SQL is what `prisma migrate` would write.
import { mkdirSync, readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import * as glue from '@prisma/schema-engine-wasm/schema_engine_bg';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import { migrate, migrationsDir } from '../src/services/db/migrator.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = path.join(root, 'prisma', 'schema.prisma');
const DERIVED = path.join(root, 'prisma', 'pg', 'schema.prisma');
// @prisma/adapter-pg cannot read the catalog type "char" (oid 18) that the engine's introspection
// selects; it is a one-byte text, so the tool reports it as text (oid 25).
const resultProto = pg.Result.prototype as unknown as { addFields(fields: { dataTypeID: number }[]): void };
const addFields = resultProto.addFields;
resultProto.addFields = function (fields) {
  for (const field of fields) if (field.dataTypeID === 18) field.dataTypeID = 25;
  addFields.call(this, fields);
};
// Node has WebAssembly at run time; @types/node does not declare it.
const { WebAssembly } = globalThis as unknown as {
  WebAssembly: {
    instantiate(bytes: Buffer, imports: object): Promise<{ instance: { exports: Record<string, unknown> } }>;
  };
};

const PG_ADMIN_URL = process.env.DOCKET_TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

function derivedText(): string {
  const source = readFileSync(SOURCE, 'utf8');
  const swapped = source
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace('output       = "../generated/sqlite"', 'output       = "../../generated/pg"');
  if (swapped === source) throw new Error('prisma/schema.prisma lost its provider or output line');
  return `// GENERATED from prisma/schema.prisma by \`npm run db -- derive\`: do not edit.\n${swapped}`;
}

let engineReady = false;
async function engineFor(schema: string, factory: unknown) {
  if (!engineReady) {
    const wasmFile = path.join(root, 'node_modules', 'prisma', 'build', 'schema_engine_bg.wasm');
    const instance = await WebAssembly.instantiate(readFileSync(wasmFile), { './schema_engine_bg.js': glue });
    glue.__wbg_set_wasm(instance.instance.exports as never);
    (instance.instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
    engineReady = true;
  }
  return glue.SchemaEngine.new(
    { datamodels: [['schema.prisma', schema]] },
    () => undefined,
    bindMigrationAwareSqlAdapterFactory(factory as Parameters<typeof bindMigrationAwareSqlAdapterFactory>[0]),
  );
}

interface Scratch {
  url: string;
  factory: unknown;
  dispose: () => Promise<void>;
}

async function scratchDatabase(provider: 'sqlite' | 'postgresql'): Promise<Scratch> {
  if (provider === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'docket-db-'));
    const url = `file:${path.join(dir, 'scratch.db')}`;
    return {
      url,
      factory: new PrismaBetterSqlite3({ url }),
      dispose: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `docket_tool_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString() });
  return {
    url: url.toString(),
    factory: new PrismaPg(pool),
    dispose: async () => {
      await pool.end().catch(() => undefined);
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** The SQL that takes the migrations folder's end state to the schema ('' when in step). */
async function pendingSql(provider: 'sqlite' | 'postgresql'): Promise<string> {
  const schema = provider === 'sqlite' ? readFileSync(SOURCE, 'utf8') : derivedText();
  const scratch = await scratchDatabase(provider);
  try {
    await migrate(scratch.url, migrationsDir(provider));
    const engine = await engineFor(schema, scratch.factory);
    const files = [{ path: 'schema.prisma', content: schema }];
    const result = await engine.diff({
      from: { tag: 'schemaDatasource', files, configDir: root },
      to: { tag: 'schemaDatamodel', files },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    const sql = result.stdout ?? '';
    return sql.includes('This is an empty migration') || sql.trim() === '' ? '' : sql;
  } finally {
    await scratch.dispose();
  }
}

async function main(): Promise<void> {
  const [command, arg] = process.argv.slice(2);
  switch (command) {
    case 'derive': {
      const text = derivedText();
      if (arg === '--check') {
        const current = (() => {
          try {
            return readFileSync(DERIVED, 'utf8');
          } catch {
            return '';
          }
        })();
        if (current !== text) throw new Error('prisma/pg/schema.prisma is stale: run `npm run db -- derive`');
        console.log('prisma/pg/schema.prisma is in step with prisma/schema.prisma');
      } else {
        mkdirSync(path.dirname(DERIVED), { recursive: true });
        writeFileSync(DERIVED, text);
        console.log('wrote prisma/pg/schema.prisma');
      }
      return;
    }
    case 'check': {
      for (const provider of ['sqlite', 'postgresql'] as const) {
        const sql = await pendingSql(provider);
        if (sql)
          throw new Error(
            `${provider} migrations do not reach the schema; missing:\n${sql}\nrun \`npm run db -- new NAME\``,
          );
        console.log(`${provider}: migrations match the schema`);
      }
      return;
    }
    case 'new': {
      if (!arg || !/^[a-z0-9_]+$/.test(arg)) throw new Error('usage: npm run db -- new snake_case_name');
      const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
      for (const provider of ['sqlite', 'postgresql'] as const) {
        const sql = await pendingSql(provider);
        if (!sql) {
          console.log(`${provider}: nothing to migrate`);
          continue;
        }
        const dir = migrationsDir(provider);
        mkdirSync(path.join(dir, `${stamp}_${arg}`), { recursive: true });
        writeFileSync(path.join(dir, `${stamp}_${arg}`, 'migration.sql'), sql);
        writeFileSync(
          path.join(dir, 'migration_lock.toml'),
          `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${provider}"\n`,
        );
        console.log(`${provider}: wrote ${path.relative(root, dir)}/${stamp}_${arg}/migration.sql`);
      }
      return;
    }
    default:
      console.log('usage: npm run db -- derive [--check] | check | new NAME');
      process.exitCode = command === 'help' ? 0 : 2;
  }
}

main().catch((error: unknown) => {
  console.error(`docket db: ${(error as Error).message}`);
  process.exit(1);
});
