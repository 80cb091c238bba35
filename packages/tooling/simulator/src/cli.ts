import { parseArgs } from 'node:util';
import { defaultCredentials, formatReport, simulate } from './index.js';

const usage = `usage: pnpm simulate [--url URL] [--actions N] [--seed N] [--tag TAG]
                     [--username NAME] [--password PASSWORD] [--timeout-ms MS]`;

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:5001' },
    actions: { type: 'string', default: '20000' },
    seed: { type: 'string', default: '1' },
    tag: { type: 'string', default: Date.now().toString(36) },
    username: { type: 'string', default: defaultCredentials.username },
    password: { type: 'string', default: defaultCredentials.password },
    'timeout-ms': { type: 'string', default: '300' },
    help: { type: 'boolean', default: false },
  },
});

function positiveInteger(name: string, value: string): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < 1) {
    console.error(`--${name} must be a positive integer, not ${value}\n${usage}`);
    process.exit(2);
  }
  return number;
}

if (values.help) {
  console.log(usage);
  process.exit(0);
}

const options = {
  baseUrl: values.url,
  actions: positiveInteger('actions', values.actions),
  seed: positiveInteger('seed', values.seed),
  tag: values.tag,
  username: values.username,
  password: values.password,
  timeoutMs: positiveInteger('timeout-ms', values['timeout-ms']),
};

console.log(
  `simulating ${options.actions} actions against ${options.baseUrl} (seed ${options.seed}, tag ${options.tag})`,
);
const report = await simulate(options);
console.log(formatReport(report));
process.exit(report.replay.errorCount === 0 && report.differences.length === 0 ? 0 : 1);
