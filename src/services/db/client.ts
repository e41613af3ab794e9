import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as SqliteClient, Prisma } from '../../../generated/sqlite/client.ts';
import { PrismaClient as PgClient } from '../../../generated/pg/client.ts';
import { providerOf, sqliteFilePath } from './url.ts';

/**
 * Both generated clients share one model; services are typed against the SQLite client's surface
 * (the PostgreSQL one is a superset) and use only what both databases support.
 */
export type Db = SqliteClient;
export type Tx = Prisma.TransactionClient;
export type DbOrTx = Db | Tx;
export { Prisma };

export function createDb(url: string): Db {
  if (providerOf(url) === 'sqlite') {
    const file = sqliteFilePath(url);
    return new SqliteClient({ adapter: new PrismaBetterSqlite3({ url: `file:${file}`, timeout: 10_000 }) });
  }
  return new PgClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as Db;
}
