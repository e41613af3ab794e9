import { mkdirSync } from 'node:fs';
import path from 'node:path';

export type Provider = 'sqlite' | 'postgresql';

export function providerOf(url: string): Provider {
  if (url.startsWith('file:')) return 'sqlite';
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return 'postgresql';
  throw new Error('DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL)');
}

/** The SQLite file of a `file:` URL, relative to the working directory; its folder is created. */
export function sqliteFilePath(url: string): string {
  const raw = url.slice('file:'.length).split('?')[0] ?? '';
  if (raw === ':memory:') return raw;
  const file = path.resolve(raw);
  mkdirSync(path.dirname(file), { recursive: true });
  return file;
}
