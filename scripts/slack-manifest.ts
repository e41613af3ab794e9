// `npm run slack:manifest -- https://docket.example.org` prints the Slack app manifest (JSON).
import { commands } from '../commands/index.ts';
import { slackManifest } from '../src/adapters/slack/manifest.ts';

const base = process.argv[2] ?? process.env.DOCKET_PUBLIC_URL ?? 'https://docket.example.org';
if (!/^https?:\/\//.test(base)) {
  console.error('usage: npm run slack:manifest -- https://your-docket-host');
  process.exit(2);
}
process.stdout.write(`${JSON.stringify(slackManifest(commands, base), null, 2)}\n`);
