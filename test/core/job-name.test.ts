import { describe, expect, it } from 'vitest';
import { formatJobName, isJobName, jobNameFormsFor, parseJobName } from '../../packages/core/src/index.js';

describe('job names', () => {
  it('parses both forms and formats them back', () => {
    expect(parseJobName('projects/acme/tenants/main/jobs/123')).toEqual({
      project: 'acme',
      tenant: 'main',
      job: '123',
    });
    expect(parseJobName('projects/acme/jobs/123')).toEqual({ project: 'acme', job: '123' });
    for (const name of ['projects/acme/tenants/main/jobs/123', 'projects/acme/jobs/123']) {
      expect(formatJobName(parseJobName(name)!)).toBe(name);
    }
  });

  it('tells the forms apart where a segment is itself "tenants" or "jobs" (one pattern holds both forms)', () => {
    expect(parseJobName('projects/p/jobs/tenants')).toEqual({ project: 'p', job: 'tenants' });
    expect(parseJobName('projects/tenants/jobs/jobs')).toEqual({ project: 'tenants', job: 'jobs' });
    expect(parseJobName('projects/p/tenants/jobs/jobs/j')).toEqual({ project: 'p', tenant: 'jobs', job: 'j' });
    expect(parseJobName('projects/p/tenants/t/jobs/tenants')).toEqual({ project: 'p', tenant: 't', job: 'tenants' });
    // The project form has no tenant key at all (not tenant: undefined).
    expect(Object.keys(parseJobName('projects/p/jobs/1')!)).toEqual(['project', 'job']);
    for (const bad of [
      'projects/p/tenants/jobs/x',
      'projects/p/jobs/tenants/t/jobs/j',
      'projects/p/tenants/t/tenants/u/jobs/j',
    ]) {
      expect(parseJobName(bad), bad).toBeUndefined();
    }
  });

  it('refuses malformed names', () => {
    for (const bad of [
      '',
      'jobs/1',
      'projects/p/jobs/',
      'projects//jobs/1',
      'projects/p/tenants//jobs/1',
      'projects/p/jobs/1/',
      '/projects/p/jobs/1',
      'projects/p/companies/c',
      'projects/p/jobs/a b',
      'projects/p/jobs/1\n',
      'projects/p/tenants/t/jobs/1/x',
      42,
      null,
    ]) {
      expect(parseJobName(bad), String(bad)).toBeUndefined();
    }
  });

  it('refuses control and invisible characters and the segments . and ..', () => {
    const hidden = [
      '\u007f',
      '\u0085',
      '\u009f',
      '\u200b',
      '\u200c',
      '\u200d',
      '\u202a',
      '\u202e',
      '\u2066',
      '\u2069',
      '\ufeff',
      '\ufffd',
      '\ud800',
      '\udc00',
      '\udfff\ud800',
    ];
    for (const c of hidden) {
      for (const name of [
        `projects/p/jobs/1${c}`,
        `projects/p${c}/tenants/t/jobs/1`,
        `projects/p/tenants/${c}t/jobs/1`,
        `projects/p/jobs/${c}`,
      ]) {
        expect(parseJobName(name), JSON.stringify(name)).toBeUndefined();
      }
    }
    for (const dots of ['.', '..']) {
      expect(parseJobName(`projects/p/jobs/${dots}`)).toBeUndefined();
      expect(parseJobName(`projects/${dots}/jobs/1`)).toBeUndefined();
      expect(parseJobName(`projects/p/tenants/${dots}/jobs/1`)).toBeUndefined();
    }
    // Dots inside an id, other scripts and astral characters (a valid surrogate pair) stay valid.
    for (const ok of [
      'projects/p/jobs/...',
      'projects/p/jobs/.a',
      'projects/p.q/jobs/1..2',
      'projects/p/jobs/職-1',
      'projects/p/jobs/😀',
      'projects/p/jobs/é\u00a0x'.replace('\u00a0', ''),
    ]) {
      expect(parseJobName(ok), ok).toBeDefined();
    }
  });

  it('checks the form each version accepts (docs/cts-api.md §4)', () => {
    const tenant = 'projects/p/tenants/t/jobs/1';
    const project = 'projects/p/jobs/1';
    expect([isJobName(tenant), isJobName(project)]).toEqual([true, true]);
    expect([isJobName(tenant, 'v3'), isJobName(project, 'v3')]).toEqual([false, true]);
    expect([isJobName(tenant, 'v3p1beta1'), isJobName(project, 'v3p1beta1')]).toEqual([false, true]);
    expect([isJobName(tenant, 'v4beta1'), isJobName(project, 'v4beta1')]).toEqual([true, true]);
    expect([isJobName(tenant, 'v4'), isJobName(project, 'v4')]).toEqual([true, false]);
    expect(jobNameFormsFor('v4')).toBe('projects/{project}/tenants/{tenant}/jobs/{job}');
    expect(jobNameFormsFor('v3')).toBe('projects/{project}/jobs/{job}');
    expect(jobNameFormsFor()).toContain(' or ');
  });
});
