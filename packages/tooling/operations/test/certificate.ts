import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The host names the tests route by: the web domain, its api and grafana subdomains. */
export const webHost = 'minitwit.test';
export const apiHost = `api.${webHost}`;
export const grafanaHost = `grafana.${webHost}`;

/**
 * A self-signed certificate for `names` (the three host names nginx serves),
 * written to `dir` as fullchain.pem and privkey.pem (what nginx is given in
 * production).
 */
export async function selfSignedCertificate(dir: string, names = [webHost, apiHost, grafanaHost]) {
  const files = {
    certificate: path.join(dir, 'fullchain.pem'),
    privateKey: path.join(dir, 'privkey.pem'),
  };
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-days',
    '1',
    '-subj',
    `/CN=${names[0] ?? ''}`,
    '-addext',
    `subjectAltName=${names.map((name) => `DNS:${name}`).join(',')}`,
    '-keyout',
    files.privateKey,
    '-out',
    files.certificate,
  ]);
  return files;
}
