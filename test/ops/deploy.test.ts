// No Docker engine runs here: the image's recipe is checked instead, and the production start
// command itself is exercised by test/main.test.ts.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
const read = (f: string) => readFileSync(path.join(root, f), 'utf8');
const pkg = JSON.parse(read('package.json')) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

function files(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? files(path.join(dir, e.name))
      : /\.(ts|mjs)$/.test(e.name)
        ? [path.join(dir, e.name)]
        : [],
  );
}

describe('Dockerfile', () => {
  const docker = read('Dockerfile');
  it('copies only what exists, runs as a non-root user, and starts like npm start', () => {
    for (const m of docker.matchAll(/^COPY (?!--from)(?:--chown=\S+ )?(.+) \S+$/gm))
      for (const src of m[1]!.split(' ')) expect(existsSync(path.join(root, src)), src).toBe(true);
    const user = docker.lastIndexOf('\nUSER node');
    expect(user).toBeGreaterThan(docker.lastIndexOf('\nFROM '));
    expect(docker.indexOf('\nCMD ')).toBeGreaterThan(user);
    const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(docker)![1]!) as string[];
    expect(cmd.join(' ')).toBe(pkg.scripts.start);
    expect(docker).toContain('npm prune --omit=dev');
  });

  it('needs no dev dependency at run time: every package the shipped code imports is a dependency', () => {
    const shipped = [
      ...files('src'),
      ...files('commands'),
      'scripts/generate.mjs',
      'scripts/schema-engine-stub.mjs',
      'scripts/migrate.ts',
      'scripts/cli.ts',
      'scripts/import-commitments.ts',
      'scripts/export.ts',
    ];
    const missing = new Set<string>();
    for (const f of shipped) {
      for (const m of read(f).matchAll(/^import (?!type )[^'"]*['"]([^'"]+)['"]/gm)) {
        const spec = m[1]!;
        if (spec.startsWith('.') || spec.startsWith('node:')) continue;
        const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
        if (!pkg.dependencies[name]) missing.add(`${name} (${f})`);
      }
    }
    expect([...missing]).toEqual([]);
    expect(pkg.dependencies.tsx).toBeDefined();
    expect(pkg.dependencies.prisma).toBeDefined();
  });
});

describe('fly.toml', () => {
  const fly = read('fly.toml');
  it('migrates as the release step with a shipped script and checks /healthz and /readyz on the app port', () => {
    const release = /release_command = "(.+)"/.exec(fly)![1]!;
    expect(release).toBe('node --import tsx scripts/migrate.ts');
    expect(existsSync(path.join(root, 'scripts/migrate.ts'))).toBe(true);
    expect(fly).toMatch(/internal_port = 3000/);
    expect(fly).toMatch(/path = "\/healthz"/);
    expect(fly).toMatch(/path = "\/readyz"/);
    expect(fly).toMatch(/kill_signal = "SIGTERM"/);
  });
});
