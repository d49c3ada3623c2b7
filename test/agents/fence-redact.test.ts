import { describe, expect, it } from 'vitest';
import { REDACTED, isSecretParam, redactParams, redactSecrets, secretValues } from '../../src/agents/fence-redact.ts';

describe('isSecretParam', () => {
  it.each([
    'passwd', 'password', 'snmp_priv_passwd', 'passwd_script', 'password_script', 'secret', 'client_secret',
    'key', 'api_key', 'identity_file', 'ssh_identity_file', 'community', 'token', 'auth_token', 'hexadecimal_kg', 'PASSWORD', 'ssl-passwd',
  ])('should treat %s as secret', (name) => {
    expect(isSecretParam(name)).toBe(true);
  });

  it.each(['ip', 'ipaddr', 'username', 'login', 'port', 'plug', 'plug_separator', 'status_file', 'pcmk_host_map', 'type', 'monkey', 'bypass_check'])(
    'should not treat %s as secret', (name) => {
      expect(isSecretParam(name)).toBe(false);
    });
});

describe('redactSecrets', () => {
  const params = { ip: '10.0.0.9', username: 'admin', passwd: 'hunter22', community: 'ab', api_key: 'hunter2' };

  it('should replace every occurrence of a secret value, longest first', () => {
    const text = 'login admin with hunter22; retry hunter22 then hunter2';
    expect(redactSecrets(text, params)).toBe(`login admin with ${REDACTED}; retry ${REDACTED} then ${REDACTED}`);
  });

  it('should redact a short value only where it follows its parameter name', () => {
    const text = "Parse error: Ignoring unknown option 'community=ab'\nabc lab";
    expect(redactSecrets(text, params)).toBe(`Parse error: Ignoring unknown option 'community=${REDACTED}'\nabc lab`);
  });

  it('should leave text without secrets and non-secret values alone', () => {
    expect(redactSecrets('connecting to 10.0.0.9 as admin', params)).toBe('connecting to 10.0.0.9 as admin');
  });

  it('should list distinct secret values, longest first', () => {
    expect(secretValues({ ...params, password: 'hunter22' })).toEqual(['hunter22', 'hunter2', 'ab']);
  });

  it('should redact secret values in a params record for logs', () => {
    expect(redactParams(params)).toEqual({ ip: '10.0.0.9', username: 'admin', passwd: REDACTED, community: REDACTED, api_key: REDACTED });
  });
});
