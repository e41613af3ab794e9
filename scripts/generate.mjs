#!/usr/bin/env node
// Generates both Prisma clients (SQLite and PostgreSQL) without a native engine download.
// Runs on `npm install` (postinstall), so a fresh clone works with no other step.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const cli = path.join(path.dirname(require.resolve('prisma/package.json')), 'build', 'index.js');
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: path.join(root, 'scripts', 'schema-engine-stub.mjs'),
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
  CHECKPOINT_DISABLE: '1',
};
for (const schema of ['prisma/schema.prisma', 'prisma/pg/schema.prisma']) {
  const run = spawnSync(process.execPath, [cli, 'generate', '--schema', schema], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (run.status !== 0) {
    process.stdout.write(run.stdout ?? '');
    console.error(`docket: prisma generate failed for ${schema}`);
    process.exit(run.status ?? 1);
  }
}
console.log('docket: Prisma clients generated (generated/sqlite, generated/pg)');
