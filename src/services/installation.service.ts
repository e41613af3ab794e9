// Slack OAuth installations (one per workspace), stored encrypted at rest: AES-256-GCM with a key
// from DOCKET_ENCRYPTION_KEY. Each workspace is tied to a coalition when it installs.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { ServiceDeps } from './context.ts';
import { auditService } from './audit.service.ts';

const VERSION = 'v1';

export function encryptionKey(secret: string): Buffer {
  // Any string works as a secret; a base64 32-byte key is used as is.
  const raw = Buffer.from(secret, 'base64');
  return raw.length === 32 ? raw : createHash('sha256').update(secret).digest();
}

export function seal(key: Buffer, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
}

export function open(key: Buffer, sealed: string): string {
  const [version, data] = sealed.split(':', 2);
  if (version !== VERSION || !data) throw new Error('unknown installation encoding');
  const bytes = Buffer.from(data, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
  decipher.setAuthTag(bytes.subarray(12, 28));
  return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
}

export function installationService(deps: ServiceDeps) {
  const { db, config } = deps;
  const audit = auditService(deps);
  const key = () => {
    if (!config.encryptionKey) throw new Error('DOCKET_ENCRYPTION_KEY is required to store installations');
    return config.encryptionKey;
  };
  return {
    /** Stores (or replaces) a workspace's installation, tying the workspace to `coalitionSlug`. */
    async store(
      platform: string,
      externalId: string,
      name: string | null,
      installation: unknown,
      coalitionSlug: string | null,
    ) {
      const slug = coalitionSlug ?? config.defaultCoalition.slug;
      const coalition = await db.coalition.upsert({
        where: { slug },
        create: {
          slug,
          name: slug === config.defaultCoalition.slug ? config.defaultCoalition.name : (name ?? slug),
          timezone: config.defaultTimezone,
          locale: config.defaultLocale,
        },
        update: {},
      });
      const sealed = seal(key(), JSON.stringify(installation));
      const space = await db.chatSpace.upsert({
        where: { platform_externalId: { platform, externalId } },
        create: { coalitionId: coalition.id, platform, externalId, name, installation: sealed },
        // A reinstall keeps the workspace where it was: moving data between coalitions is not an install's call.
        update: { installation: sealed, name },
      });
      await audit.record(space.coalitionId, null, `${platform.toLowerCase()}.install`, `space:${space.id}`);
    },

    async fetch(platform: string, externalId: string): Promise<unknown | null> {
      const space = await db.chatSpace.findUnique({
        where: { platform_externalId: { platform, externalId } },
      });
      return space?.installation ? JSON.parse(open(key(), space.installation)) : null;
    },

    async remove(platform: string, externalId: string) {
      await db.chatSpace.updateMany({
        where: { platform, externalId },
        data: { installation: null },
      });
    },
  };
}
