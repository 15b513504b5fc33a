import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { resolveSecret, Secret } from '../../src/gather/secrets.ts';

describe('resolveSecret', () => {
  const readFile = async (p: string) => {
    if (p === '/run/secrets/pw') return 'file-s3cret\n';
    if (p === '/run/secrets/empty') return '\n';
    throw Object.assign(new Error(`EACCES: permission denied, open '${p}'`), { code: 'EACCES' });
  };

  it('reads an environment variable at use time', async () => {
    const r = await resolveSecret({ env: 'SVL_PASSWORD' }, { env: { SVL_PASSWORD: 'env-s3cret' } });
    expect(r.ok && r.secret.reveal()).toBe('env-s3cret');
  });

  it('reads a file and drops one trailing newline', async () => {
    const r = await resolveSecret({ file: '/run/secrets/pw' }, { readFile });
    expect(r.ok && r.secret.reveal()).toBe('file-s3cret');
  });

  it.each([
    [{ env: 'MISSING' }, 'environment variable MISSING is not set'],
    [{ env: 'EMPTY' }, 'environment variable EMPTY is empty'],
    [{ file: '/run/secrets/empty' }, 'file /run/secrets/empty is empty'],
    [{ file: '/etc/shadow' }, 'file /etc/shadow cannot be read (EACCES)'],
  ])('reports %j without a value', async (ref, message) => {
    const r = await resolveSecret(ref, { env: { EMPTY: '' }, readFile });
    expect(r).toEqual({ ok: false, error: message });
  });

  it('never prints the value through String, JSON or util.inspect', () => {
    const s = new Secret('hunter2');
    expect(`${s}`).toBe('[secret]');
    expect(JSON.stringify({ password: s })).toBe('{"password":"[secret]"}');
    expect(inspect({ s })).not.toContain('hunter2');
    expect(s.reveal()).toBe('hunter2');
  });
});
