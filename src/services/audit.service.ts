import type { ServiceDeps } from './context.ts';

/** Who did what to which record; details never hold message text or secrets. */
export function auditService({ db }: ServiceDeps) {
  return {
    async record(
      coalitionId: number,
      actorId: number | null,
      action: string,
      subject?: string,
      detail?: Record<string, unknown>,
    ) {
      await db.auditEntry.create({
        data: {
          coalitionId,
          actorId,
          action,
          subject: subject ?? null,
          detail: detail ? JSON.stringify(detail) : null,
        },
      });
    },
  };
}
