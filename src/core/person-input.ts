// Naming a person in a command: by display name as /member list shows it (`name:"Ana K."`), or by
// a platform id (`slack:U123`, `discord:456`, `console:alice`), which also names someone not seen
// yet. The platform ids are inputs of their own, so `slack:U123` reads as typed on every platform.
import { text } from './fields.ts';
import { ValidationError, type FieldProblem } from './errors.ts';
import type { PersonSpec } from '../services/people.service.ts';

const platformId = () =>
  text({ min: 1, max: 80, error: 'member.person.bad_id', check: (s) => /^[A-Za-z0-9._@-]+$/.test(s) });

export const personFields = () => ({
  name: text({ min: 1, max: 80 }).optional(),
  slack: platformId().optional(),
  discord: platformId().optional(),
  console: platformId().optional(),
});

export type PersonInput = { name?: string; slack?: string; discord?: string; console?: string };

/** The one person named, or null when none is; naming two ways at once is refused. */
export function personSpec(input: PersonInput): PersonSpec | null {
  const given = (['name', 'slack', 'discord', 'console'] as const).filter((k) => input[k] !== undefined);
  if (given.length === 0) return null;
  if (given.length > 1)
    throw new ValidationError(
      given.map((field): FieldProblem => ({
        field,
        key: 'member.person.one' as FieldProblem['key'],
        params: {},
      })),
    );
  const key = given[0]!;
  return key === 'name' ? { name: input.name! } : { platform: key, externalId: input[key]! };
}
