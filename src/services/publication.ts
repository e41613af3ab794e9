// What a coalition may publish (open data, the public page): the ONE place that says whose data
// leaves the coalition. Never people; only verified organisations.
import type { Prisma } from './db/client.ts';

/**
 * The organisations whose records may be published: those the secretariat has verified (as member
 * or observer). A pending or declined organisation's records stay inside the coalition.
 */
export function publishedOrganizations(): Prisma.OrganizationWhereInput {
  return { verifiedAt: { not: null } };
}

/**
 * A record (commitment, learning) that may be published: one of a published organisation, or one
 * that belongs to no organisation (OGP commitments brought in by the importer, the secretariat's).
 */
export function fromPublishedOrganization(): {
  OR: [{ organizationId: null }, { organization: { is: Prisma.OrganizationWhereInput } }];
} {
  return { OR: [{ organizationId: null }, { organization: { is: publishedOrganizations() } }] };
}
