// Every slash command, declared once; adapters, help and the Slack manifest read this list.
import type { CommandDefinition } from '../src/core/command.ts';
import learning from './learning.ts';
import commitment from './commitment.ts';
import meeting from './meeting.ts';
import action from './action.ts';
import member from './member.ts';
import coalition from './coalition.ts';
import digest from './digest.ts';
import report from './report.ts';

export const commands = [
  learning,
  commitment,
  meeting,
  action,
  digest,
  report,
  member,
  coalition,
] as const satisfies readonly CommandDefinition[];
