import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config.js';

const cwd = '/srv/fluxo/server';

function configError(env: Record<string, string>): ConfigError {
  try {
    parseConfig(env, { cwd });
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('has the documented defaults', () => {
    const config = parseConfig({}, { cwd });
    expect(config).toEqual({
      port: 3000,
      host: null,
      dataDir: '/srv/fluxo/server/data',
      publicUrl: 'http://localhost:3000',
      secureCookies: false,
      smtpUrl: null,
      mailFrom: null,
      inboundSmtpPort: null,
      inboundDomain: null,
      mailBurstWindowMs: 120_000,
      demo: false,
      trustProxy: false,
      nodeEnv: 'production',
    });
  });

  it('reads every variable', () => {
    const config = parseConfig(
      {
        PORT: '8080',
        HOST: '127.0.0.1',
        DATA_DIR: '/var/lib/fluxo',
        PUBLIC_URL: 'https://fluxo.agencia.com.br/',
        SMTP_URL: 'smtps://equipe:segredo@mail.agencia.com.br:465',
        MAIL_FROM: 'Equipe Fluxo <equipe@agencia.com.br>',
        INBOUND_SMTP_PORT: '2525',
        INBOUND_DOMAIN: 'Atendimento.Agencia.com.br',
        MAIL_BURST_WINDOW_SECONDS: '30',
        FLUXO_DEMO: '1',
        TRUST_PROXY: '1',
        NODE_ENV: 'production',
      },
      { cwd },
    );
    expect(config).toEqual({
      port: 8080,
      host: '127.0.0.1',
      dataDir: '/var/lib/fluxo',
      publicUrl: 'https://fluxo.agencia.com.br',
      secureCookies: true,
      smtpUrl: 'smtps://equipe:segredo@mail.agencia.com.br:465',
      mailFrom: 'Equipe Fluxo <equipe@agencia.com.br>',
      inboundSmtpPort: 2525,
      inboundDomain: 'atendimento.agencia.com.br',
      mailBurstWindowMs: 30_000,
      demo: true,
      trustProxy: true,
      nodeEnv: 'production',
    });
  });

  it('derives the default public URL from PORT', () => {
    expect(parseConfig({ PORT: '4000' }, { cwd }).publicUrl).toBe('http://localhost:4000');
  });

  it('resolves a relative DATA_DIR against INIT_CWD (where pnpm was started), else the cwd', () => {
    expect(parseConfig({ INIT_CWD: '/srv/fluxo' }, { cwd }).dataDir).toBe('/srv/fluxo/data');
    expect(parseConfig({ INIT_CWD: '/srv/fluxo', DATA_DIR: 'state/x' }, { cwd }).dataDir).toBe(
      '/srv/fluxo/state/x',
    );
    expect(parseConfig({ DATA_DIR: '../shared-data' }, { cwd }).dataDir).toBe('/srv/fluxo/shared-data');
  });

  it('treats empty values as unset', () => {
    expect(parseConfig({ PORT: '', HOST: '', FLUXO_DEMO: '' }, { cwd })).toMatchObject({
      port: 3000,
      host: null,
      demo: false,
    });
  });

  it('accepts port 0 (a free port, for tests) and a bare address as MAIL_FROM', () => {
    expect(parseConfig({ PORT: '0', MAIL_FROM: 'equipe@agencia.com.br' }, { cwd })).toMatchObject({
      port: 0,
      mailFrom: 'equipe@agencia.com.br',
    });
  });

  it.each([
    ['PORT', 'abc', 'PORT: expected an integer 0–65535, got "abc"'],
    ['PORT', '65536', 'PORT: expected an integer 0–65535, got "65536"'],
    ['PORT', '-1', 'PORT: expected an integer 0–65535, got "-1"'],
    ['PORT', '3000.5', 'PORT: expected an integer 0–65535, got "3000.5"'],
    ['INBOUND_SMTP_PORT', 'twenty-five', 'INBOUND_SMTP_PORT: expected an integer 0–65535, got "twenty-five"'],
    ['HOST', 'not a host', 'HOST: expected a hostname or IP address such as 127.0.0.1, got "not a host"'],
    ['HOST', ':::', 'HOST: expected a hostname or IP address such as 127.0.0.1, got ":::"'],
    ['HOST', '127.0.0.256', 'HOST: expected a hostname or IP address such as 127.0.0.1, got "127.0.0.256"'],
    ['PUBLIC_URL', 'localhost:3000', 'PUBLIC_URL: expected an http(s) origin'],
    ['PUBLIC_URL', 'ftp://fluxo.example.com', 'PUBLIC_URL: expected an http(s) origin'],
    ['PUBLIC_URL', 'https://example.com/fluxo', 'PUBLIC_URL: expected an http(s) origin'],
    ['MAIL_FROM', 'equipe', 'MAIL_FROM: expected an email address'],
    ['INBOUND_DOMAIN', 'http://x.com', 'INBOUND_DOMAIN: expected a domain name'],
    ['MAIL_BURST_WINDOW_SECONDS', '3601', 'MAIL_BURST_WINDOW_SECONDS: expected a whole number of seconds 0–3600, got "3601"'],
    ['MAIL_BURST_WINDOW_SECONDS', '1.5', 'MAIL_BURST_WINDOW_SECONDS: expected a whole number of seconds 0–3600, got "1.5"'],
    ['FLUXO_DEMO', 'yes', 'FLUXO_DEMO: expected 1 or 0, got "yes"'],
    ['NODE_ENV', 'staging', 'NODE_ENV: expected development, production or test, got "staging"'],
  ])('rejects %s=%s naming the variable', (name, value, message) => {
    const error = configError({ [name]: value });
    expect(error.issues).toHaveLength(1);
    expect(error.message.startsWith(message)).toBe(true);
  });

  it.each(['::', '::1', '0.0.0.0', '127.0.0.1', 'localhost', 'fluxo.internal', '10-0-0-1.example'])('accepts HOST=%s', (value) => {
    expect(parseConfig({ HOST: value }, { cwd: '/tmp' }).host).toBe(value);
  });

  it('never echoes SMTP_URL, which may hold a password', () => {
    const error = configError({ SMTP_URL: 'http://user:hunter2@mail' });
    expect(error.message).toMatch(/^SMTP_URL: expected a URL such as smtp:/);
    expect(error.message).not.toContain('hunter2');
  });

  it('reports every bad variable at once', () => {
    const error = configError({ PORT: 'x', FLUXO_DEMO: 'true', DATA_DIR: './ok' });
    expect(error.issues.map((line) => line.split(':')[0])).toEqual(['PORT', 'FLUXO_DEMO']);
  });

  it('returns a frozen object', () => {
    expect(Object.isFrozen(parseConfig({}, { cwd }))).toBe(true);
  });
});
