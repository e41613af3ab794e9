// Bolt's OAuth installation store over Docket's encrypted installations: one per workspace, tied to
// the coalition its install link named (carried in the signed OAuth state).
import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';

/** The part of Docket's installation service the store needs. */
export interface Installations {
  store(
    externalId: string,
    name: string | null,
    installation: unknown,
    coalition: string | null,
  ): Promise<void>;
  fetch(externalId: string): Promise<unknown | null>;
  remove(externalId: string): Promise<void>;
}

const workspaceOf = (q: { isEnterpriseInstall?: boolean; enterpriseId?: string; teamId?: string }) =>
  (q.isEnterpriseInstall ? q.enterpriseId : q.teamId) ?? '';

export function installationStore(installations: Installations): InstallationStore {
  return {
    storeInstallation: async (installation: Installation) => {
      const id = installation.isEnterpriseInstall ? installation.enterprise?.id : installation.team?.id;
      if (!id) throw new Error('installation without a team or enterprise id');
      const coalition = (() => {
        try {
          return (JSON.parse(installation.metadata ?? '{}') as { coalition?: string }).coalition ?? null;
        } catch {
          return null;
        }
      })();
      await installations.store(
        id,
        installation.team?.name ?? installation.enterprise?.name ?? null,
        installation,
        coalition,
      );
    },
    fetchInstallation: async (query: InstallationQuery<boolean>) => {
      const found = await installations.fetch(workspaceOf(query));
      if (!found) throw new Error('no installation for this workspace');
      return found as Installation;
    },
    deleteInstallation: async (query: InstallationQuery<boolean>) => installations.remove(workspaceOf(query)),
  };
}

/** The bot token for a workspace: from its stored installation. */
export async function botToken(installations: Installations, workspace: string): Promise<string | undefined> {
  if (!workspace) return undefined;
  const found = (await installations.fetch(workspace)) as Installation | null;
  return found?.bot?.token;
}
