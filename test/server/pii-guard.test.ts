import { describe, expect, it } from 'vitest';
import { findPii, guardExtraInfo, luhnValid } from '../../packages/talent-beacon-server/src/proxy/pii-guard.js';
import { NOW, post, testProxy, v3Event } from '../proxy/helpers.js';

describe('findPii', () => {
  it('finds e-mail addresses, also inside text', () => {
    for (const v of ['alex@example.com', 'mail me: a.b+jobs@mail.example.co.uk, thanks', 'X@Y.IO'])
      expect(findPii(v), v).toBe('email');
  });
  it('finds payment card numbers that pass the Luhn check, grouped or not', () => {
    for (const v of [
      '4111111111111111',
      '4111 1111 1111 1111',
      '5500-0000-0000-0004',
      'card 378282246310005 exp 12/29',
    ])
      expect(findPii(v), v).toBe('card');
    // 16 digits failing Luhn (an order number), and a placeholder of one digit, are not cards.
    for (const v of ['4111111111111112', '0000 0000 0000 0000', '1234567890123456'])
      expect(findPii(v), v).not.toBe('card');
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
  });
  it('finds phone numbers written as phone numbers', () => {
    for (const v of [
      '+49 30 1234567',
      '+1 (555) 123-4567',
      '(555) 123-4567',
      '555-123-4567',
      '0044 20 7946 0958',
      'call 030 123 4567 today',
      '+442079460958',
    ])
      expect(findPii(v), v).toBe('phone');
  });
  it('leaves ordinary values alone: ids, dates, times, versions, IPs, amounts, job names', () => {
    const fine = [
      'hire-4711',
      '2026-11-22',
      '2026-11-22T10:00:00Z',
      '22.11.2026',
      '1700000000',
      '1700000000123',
      '10.0.0.1',
      '1.2.3',
      'v2.10.3',
      'projects/demo/tenants/t/jobs/1001',
      '€ 55,000',
      '12-34',
      'campaign=summer-2026',
      'source: newsletter',
      'REQ-2026-000123',
      'https://jobs.example.com/apply?id=123456',
    ];
    for (const v of fine) expect(findPii(v), v).toBeUndefined();
  });
});

describe('guardExtraInfo', () => {
  it('reject: the findings name key and kind, never the value', () => {
    const r = guardExtraInfo({ who: 'alex@example.com', src: 'mail' }, 'reject');
    expect(r.findings).toEqual([{ key: 'who', kind: 'email' }]);
    expect(JSON.stringify(r.findings)).not.toContain('alex');
  });
  it('redact replaces the value; off keeps it', () => {
    expect({
      ...guardExtraInfo({ who: 'alex@example.com', pay: '4111 1111 1111 1111', src: 'x' }, 'redact').extraInfo,
    }).toEqual({
      who: '[redacted:email]',
      pay: '[redacted:card]',
      src: 'x',
    });
    expect(guardExtraInfo({ who: 'alex@example.com' }, 'off')).toEqual({
      extraInfo: { who: 'alex@example.com' },
      findings: [],
    });
  });
});

describe('the proxy guards extraInfo', () => {
  const values = { email: 'alex@example.com', phone: '+49 30 1234567', card: '4111 1111 1111 1111' };
  it('refuses the three kinds by default, with rule and key, never the value, and forwards nothing', async () => {
    const t = testProxy();
    const events = Object.entries(values).map(([k, v]) => v3Event({ extraInfo: { [`contact_${k}`]: v } }, NOW));
    const r = await post(t.proxy, { events });
    expect(r.json.results.map((x: { status: string }) => x.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(
      r.json.results.map((x: { issues: Array<{ path: string; rule: string }> }) =>
        x.issues.map((i) => [i.path, i.rule]),
      ),
    ).toEqual([
      [['extraInfo.contact_email', 'pii-email']],
      [['extraInfo.contact_phone', 'pii-phone']],
      [['extraInfo.contact_card', 'pii-card']],
    ]);
    const text = JSON.stringify(r.json);
    for (const v of Object.values(values)) expect(text).not.toContain(v);
    expect(t.calls).toHaveLength(0);
  });
  it("pii: 'redact' forwards the event with the value replaced; 'off' forwards it as is", async () => {
    const redact = testProxy({ pii: 'redact' });
    expect(
      (await post(redact.proxy, { events: [v3Event({ extraInfo: { who: values.email, src: 'mail' } }, NOW)] })).json
        .results[0].status,
    ).toBe('accepted');
    expect((redact.calls[0]!.body.clientEvent as { extraInfo: unknown }).extraInfo).toEqual({
      who: '[redacted:email]',
      src: 'mail',
    });
    const off = testProxy({ pii: 'off' });
    expect(
      (await post(off.proxy, { events: [v3Event({ extraInfo: { who: values.email } }, NOW)] })).json.results[0].status,
    ).toBe('accepted');
    expect((off.calls[0]!.body.clientEvent as { extraInfo: unknown }).extraInfo).toEqual({ who: values.email });
  });
  it('an unknown pii mode is a ConfigError naming the option', () => {
    expect(() => testProxy({ pii: 'warn' as never })).toThrow(/option "pii" must be one of/);
  });
});
