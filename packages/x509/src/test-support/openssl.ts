import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * openssl is the outside oracle for these tests: it makes the certificates and keys we parse, and it
 * tells what each field should read.
 */
export interface OpensslLab {
  dir: string;
  path(name: string): string;
  /** Runs openssl in the lab directory and returns stdout; throws with stderr on failure. */
  run(args: string[], input?: Uint8Array | string): Buffer;
  text(args: string[], input?: Uint8Array | string): string;
  /** A private key; 'rsa' is 2048 bits, 'ec' is P-256. PKCS#8 PEM at `<name>.key.pem`. */
  key(name: string, type: 'rsa' | 'ec'): string;
  /** `openssl req -x509` with the key of that name; returns paths to PEM and DER. */
  selfSigned(name: string, options: SelfSignedOptions): OpensslCertificate;
  /** Signs a certificate for `keyName` with the CA's key (`openssl x509 -req`). */
  issued(name: string, options: IssuedOptions): OpensslCertificate;
  write(name: string, content: Uint8Array | string): string;
  read(name: string): Buffer;
  /** `openssl x509 -noout <args>` on a PEM file, as text, with the `field=` prefix kept. */
  inspect(certificatePath: string, args: string[]): string;
  cleanup(): void;
}

export interface SelfSignedOptions {
  keyName: string;
  subject: string;
  days?: number;
  serial?: string;
  extensions?: string[];
  /** 'default' makes openssl encode names as BMPString/T61String where needed, as old Windows CAs did. */
  stringMask?: 'utf8only' | 'default';
}

export interface IssuedOptions {
  keyName: string;
  subject: string;
  ca: OpensslCertificate;
  caKeyName: string;
  days?: number;
  extensions?: string[];
}

export interface OpensslCertificate {
  pemPath: string;
  derPath: string;
  pem: Buffer;
  der: Buffer;
}

/** No system openssl.cnf: the certificates carry exactly the extensions a test asks for. */
const MINIMAL_CONFIG = '[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = unused\n';

export function createOpensslLab(): OpensslLab {
  const dir = mkdtempSync(join(tmpdir(), 'bts-x509-'));
  const path = (name: string) => join(dir, name);
  writeFileSync(path('openssl.cnf'), MINIMAL_CONFIG);
  writeFileSync(
    path('openssl-default-strings.cnf'),
    MINIMAL_CONFIG.replace('prompt = no', 'prompt = no\nstring_mask = default'),
  );

  const run = (args: string[], input?: Uint8Array | string): Buffer => {
    try {
      return execFileSync('openssl', args, {
        cwd: dir,
        input,
        stdio: ['pipe', 'pipe', 'pipe'],
        maxBuffer: 64 * 1024 * 1024,
      });
    } catch (error) {
      const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
      throw new Error(`openssl ${args.join(' ')} failed: ${stderr}`, { cause: error });
    }
  };

  const finish = (name: string): OpensslCertificate => {
    run(['x509', '-in', `${name}.pem`, '-outform', 'DER', '-out', `${name}.der`]);
    return {
      pemPath: path(`${name}.pem`),
      derPath: path(`${name}.der`),
      pem: readFileSync(path(`${name}.pem`)),
      der: readFileSync(path(`${name}.der`)),
    };
  };

  return {
    dir,
    path,
    run,
    text: (args, input) => run(args, input).toString('utf8'),
    key(name, type) {
      const algorithm =
        type === 'rsa'
          ? ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048']
          : ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'];
      run(['genpkey', ...algorithm, '-out', `${name}.key.pem`]);
      return path(`${name}.key.pem`);
    },
    selfSigned(name, options) {
      run([
        'req',
        '-x509',
        '-config',
        path(options.stringMask === 'default' ? 'openssl-default-strings.cnf' : 'openssl.cnf'),
        '-utf8',
        '-key',
        `${options.keyName}.key.pem`,
        '-subj',
        options.subject,
        '-days',
        String(options.days ?? 365),
        ...(options.serial === undefined ? [] : ['-set_serial', options.serial]),
        ...(options.extensions ?? []).flatMap((extension) => ['-addext', extension]),
        '-out',
        `${name}.pem`,
      ]);
      return finish(name);
    },
    issued(name, options) {
      run([
        'req',
        '-new',
        '-config',
        path('openssl.cnf'),
        '-utf8',
        '-key',
        `${options.keyName}.key.pem`,
        '-subj',
        options.subject,
        '-out',
        `${name}.csr.pem`,
      ]);
      writeFileSync(path(`${name}.ext`), `${(options.extensions ?? []).join('\n')}\n`);
      run([
        'x509',
        '-req',
        '-in',
        `${name}.csr.pem`,
        '-CA',
        options.ca.pemPath,
        '-CAkey',
        `${options.caKeyName}.key.pem`,
        '-CAcreateserial',
        '-days',
        String(options.days ?? 365),
        '-extfile',
        `${name}.ext`,
        '-out',
        `${name}.pem`,
      ]);
      return finish(name);
    },
    write(name, content) {
      writeFileSync(path(name), content);
      return path(name);
    },
    read: (name) => readFileSync(path(name)),
    inspect: (certificatePath, args) =>
      run(['x509', '-in', certificatePath, '-noout', ...args])
        .toString('utf8')
        .trim(),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** `Jan  1 00:00:00 2025 GMT`, the way `openssl x509 -dates` prints a time. */
export function opensslDate(date: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const two = (n: number) => String(n).padStart(2, '0');
  return `${months[date.getUTCMonth()]} ${String(date.getUTCDate()).padStart(2, ' ')} ${two(date.getUTCHours())}:${two(
    date.getUTCMinutes(),
  )}:${two(date.getUTCSeconds())} ${date.getUTCFullYear()} GMT`;
}

/** The value after `name=` on the line that starts with it. */
export function opensslField(output: string, name: string): string {
  const line = output.split('\n').find((candidate) => candidate.startsWith(`${name}=`));
  if (line === undefined) {
    throw new Error(`openssl printed no ${name}= line in:\n${output}`);
  }
  return line.slice(name.length + 1);
}
