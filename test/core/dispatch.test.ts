import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { available, PROVIDERS } from '../helpers/databases.ts';
import { harness, joined, type Harness } from '../helpers/harness.ts';

describe.each(PROVIDERS)('dispatch on %s', (provider) => {
  let h: Harness;
  beforeAll(async () => {
    if (!available(provider)) return;
    h = await harness(provider);
    await joined(h, 'ines', 'Ministerio Público', 'government');
  });
  afterAll(async () => h?.close());

  it.skipIf(!available(provider))(
    'registers a person on first contact, and not on a failed first command',
    async () => {
      const before = await h.counts();
      await h.run('newbie', '/learning show nonsense');
      expect(await h.counts()).toEqual(before);
      await h.run('newbie', '/coalition help');
      expect((await h.counts()).people).toBe(before.people + 1);
    },
  );

  it.skipIf(!available(provider))(
    'rolls back every write of a command that fails half-way, logs it with an id, never its text',
    async () => {
      // Break the table the second write needs: the first write (the learning) must not survive.
      await h.db.$executeRawUnsafe('DROP TABLE "LearningTheme"');
      const before = await h.counts();
      const out = await h.run(
        'ines',
        '/learning share title:"Secret title text" summary:"A confidential summary text here." themes:sdg16',
      );
      expect(out.ok).toBe(false);
      const id = /reference: ([0-9a-f]{8})\./.exec(out.reply.lines?.[0] as string)?.[1];
      expect(id).toBeDefined();
      expect(await h.counts()).toEqual(before);
      const line = h.logs.find((l) => l.includes(id!));
      expect(line).toBeDefined();
      expect(JSON.parse(line!)).toMatchObject({
        level: 50,
        correlationId: id,
        command: 'learning',
        sub: 'share',
        platform: 'CONSOLE',
        msg: 'command failed',
      });
      expect(h.logs.join('\n')).not.toContain('Secret title text');
      expect(h.logs.join('\n')).not.toContain('confidential summary');
    },
  );
});
