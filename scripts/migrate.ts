// `npm run db:migrate`: applies pending migrations (the Fly release step; start-up does it too).
import { loadEnv } from '../src/core/env.ts';
import { migrate } from '../src/services/db/migrator.ts';
import { fail } from './cli.ts';

try {
  const applied = await migrate(loadEnv().DATABASE_URL);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
} catch (error) {
  fail(error);
}
