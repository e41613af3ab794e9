// Bulk inserts for generated test and benchmark data, through the plain drivers: Prisma's
// createMany is about 2,000 rows a second here, too slow for a generated year of 200,000 rows.
// Values are written in the forms Prisma itself writes (SQLite: ISO text dates, 0/1 booleans).
import Database from 'better-sqlite3';
import pg from 'pg';
import { providerOf, sqliteFilePath } from '../../src/services/db/url.ts';

type Row = Record<string, string | number | boolean | Date | null>;

export async function bulkInsert(url: string, table: string, rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const quoted = columns.map((c) => `"${c}"`).join(', ');
  if (providerOf(url) === 'sqlite') {
    const db = new Database(sqliteFilePath(url));
    try {
      const insert = db.prepare(
        `INSERT INTO "${table}" (${quoted}) VALUES (${columns.map(() => '?').join(', ')})`,
      );
      const toSqlite = (v: Row[string]) =>
        v instanceof Date ? v.toISOString().replace('Z', '+00:00') : typeof v === 'boolean' ? (v ? 1 : 0) : v;
      db.transaction(() => {
        for (const r of rows) insert.run(columns.map((c) => toSqlite(r[c] ?? null)));
      })();
    } finally {
      db.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const per = Math.max(1, Math.floor(30_000 / columns.length));
    for (let i = 0; i < rows.length; i += per) {
      const chunk = rows.slice(i, i + per);
      const values: unknown[] = [];
      const tuples = chunk.map(
        (r) =>
          `(${columns
            .map((c) => {
              values.push(r[c] ?? null);
              return `$${values.length}`;
            })
            .join(', ')})`,
      );
      await client.query(`INSERT INTO "${table}" (${quoted}) VALUES ${tuples.join(', ')}`, values);
    }
    // Explicit ids leave sequences behind: move them past the data.
    if (columns.includes('id'))
      await client.query(
        `SELECT setval(pg_get_serial_sequence('"${table}"', 'id'), (SELECT MAX(id) FROM "${table}"))`,
      );
  } finally {
    await client.end();
  }
}
