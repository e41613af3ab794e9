import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ImportFileError, mappingSchema, readImport } from '../../src/core/import.ts';
import { createDb } from '../../src/services/db/client.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const dir = mkdtempSync(path.join(os.tmpdir(), 'docket-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '',
  DATABASE_URL: `file:${path.join(dir, 'db.sqlite')}`,
};
const run = (script: string, args: string[]) =>
  spawnSync(tsx, [`scripts/${script}.ts`, ...args], { cwd: root, env, encoding: 'utf8', timeout: 60_000 });

// An IRM-style export: its own column names, a duplicate, and broken rows.
const IRM = [
  'CaseNo,Country,Commitment Title,Action Plan,Lead Institution,Cluster,Level of Completion,Description',
  'KE0034,Kenya,Open court hearing lists,2024-2028,Judiciary of Kenya,Open justice; Justice data,Substantial,"Hearing lists, published daily"',
  'CO0112,Colombia,Casas de justicia in every municipality,2023–2025,Ministry of Justice,Access to justice,Not Started,',
  'KE0034,Kenya,Open court hearing lists again,2024-2028,Judiciary,Open justice,Limited,dup',
  'XX,Nowhere,Bad,20-20,,Cooking,Maybe,',
  'AR0099,Argentina,Legal aid centres for women,2022-2024,,Legal empowerment,Complete,Centres opened',
].join('\n');

describe('reading an export', () => {
  it('maps known column names, keeps good rows and explains each rejected one', () => {
    const { rows, rejected, columns } = readImport(Buffer.from(IRM), mappingSchema.parse({}));
    expect(columns).toMatchObject({
      ogp_id: 'CaseNo',
      member: 'Country',
      title: 'Commitment Title',
      plan: 'Action Plan',
      themes: 'Cluster',
      completion: 'Level of Completion',
    });
    expect(rows.map((r) => [r.ogpId, r.plan, r.themes, r.completion])).toEqual([
      ['KE0034', '2024-2028', ['OPEN_JUSTICE_INSTITUTIONS', 'JUSTICE_DATA'], 'SUBSTANTIAL'],
      ['CO0112', '2023-2025', ['ACCESS_TO_JUSTICE'], 'NOT_STARTED'],
      ['AR0099', '2022-2024', ['LEGAL_EMPOWERMENT'], 'COMPLETE'],
    ]);
    expect(rejected).toEqual([
      { line: 4, reason: 'OGP id KE0034 appears again (first on line 2)' },
      {
        line: 5,
        reason:
          'OGP id "XX" is not an id such as KE0034; title must be 5 to 250 characters; plan "20-20" is not a period such as 2024-2028; no known theme in "Cooking"; completion "Maybe" is not on the IRM scale',
      },
    ]);
  });

  it('refuses files it cannot read whole, saying why', () => {
    expect(() => readImport(Buffer.from([0x43, 0x61, 0x73, 0xe9, 0x0a]), mappingSchema.parse({}))).toThrow(
      new ImportFileError('the file is not UTF-8 text: save it as "CSV UTF-8" and try again'),
    );
    expect(() =>
      readImport(Buffer.from('Title,Country\nA long title,Kenya\n'), mappingSchema.parse({})),
    ).toThrow(/missing columns for ogp_id, plan/);
    expect(() =>
      readImport(
        Buffer.from('CaseNo,Country,Title,Plan\n"KE1,Kenya,Title here,2024-2028\n'),
        mappingSchema.parse({}),
      ),
    ).toThrow(/the CSV could not be read/);
    expect(() =>
      readImport(Buffer.from(IRM), mappingSchema.parse({ columns: { title: 'Name of commitment' } })),
    ).toThrow(/no such column/);
  });
});

describe('npm run import:commitments and npm run export', () => {
  it('imports idempotently on the OGP id, dry-runs without writing, refuses a bad file writing nothing', async () => {
    const file = path.join(dir, 'irm.csv');
    writeFileSync(file, IRM);
    // A fresh database has no coalition yet: creating one is asked for explicitly, and a dry run
    // only says it would.
    const refused = run('import-commitments', [file]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toBe(
      'docket: no coalition has the slug "justice": check it, or pass --create-coalition to create it\n',
    );
    const dry = run('import-commitments', [file, '--dry-run', '--create-coalition']);
    expect(dry.stderr).toContain('dry run: would create the coalition "justice"');
    expect(dry.stdout).toContain('dry run: would have created 3, updated 0, rejected 2');
    const probe = createDb(env.DATABASE_URL);
    expect(await probe.coalition.count()).toBe(0);
    await probe.$disconnect();
    const first = run('import-commitments', [file, '--create-coalition']);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('created 3, updated 0, rejected 2');
    expect(first.stdout).toContain('  line 4: OGP id KE0034 appears again (first on line 2)');
    const second = run('import-commitments', [file]);
    expect(second.stdout).toContain('created 0, updated 3, rejected 2');
    const broken = path.join(dir, 'broken.csv');
    writeFileSync(broken, Buffer.from([0xff, 0xfe, 0x00]));
    const unreadable = run('import-commitments', [broken]);
    expect(unreadable.status).toBe(2);
    expect(unreadable.stderr).toBe(
      'docket: the file is not UTF-8 text: save it as "CSV UTF-8" and try again\n',
    );
    const db = createDb(env.DATABASE_URL);
    expect(await db.commitment.count()).toBe(3);
    expect(
      (await db.commitment.findFirstOrThrow({ where: { ogpId: 'KE0034' }, include: { themes: true } }))
        .themes,
    ).toHaveLength(2);
    await db.$disconnect();
  }, 120_000);

  it('exports a coalition as JSON files, then erasing a person keeps the counts', async () => {
    const db = createDb(env.DATABASE_URL);
    const out = path.join(dir, 'export');
    const exported = run('export', ['--coalition', 'justice', '--out', out]);
    expect(exported.status).toBe(0);
    expect(exported.stdout).toContain('commitments: 3');
    const commitments = JSON.parse(readFileSync(path.join(out, 'commitments.json'), 'utf8')) as {
      ogpId: string;
    }[];
    expect(commitments.map((c) => c.ogpId).sort()).toEqual(['AR0099', 'CO0112', 'KE0034']);
    expect(await db.auditEntry.count({ where: { action: 'coalition.export' } })).toBe(1);
    expect(run('export', ['--coalition', 'nope', '--out', out]).stderr).toBe(
      'docket: no coalition has the slug "nope"\n',
    );
    await db.$disconnect();
  }, 120_000);
});
