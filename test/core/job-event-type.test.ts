import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  JOB_EVENT_TYPE_NAMES,
  JobEventType,
  jobEventTypeFromWire,
  jobEventTypesFor,
  type JobEventTypeName,
} from '../../packages/core/src/index.js';

describe('JobEventType', () => {
  it('maps names to themselves, without UNSPECIFIED, and is frozen', () => {
    expect(JobEventType.APPLICATION_START).toBe('APPLICATION_START');
    expect(Object.keys(JobEventType)).toHaveLength(16);
    expect('JOB_EVENT_TYPE_UNSPECIFIED' in JobEventType).toBe(false);
    expect(Object.isFrozen(JobEventType)).toBe(true);
  });

  it('keeps the proto numbering used by enum-encoding=int clients', () => {
    expect(JOB_EVENT_TYPE_NAMES.indexOf('IMPRESSION')).toBe(1);
    expect(JOB_EVENT_TYPE_NAMES.indexOf('APPLICATION_START')).toBe(4);
    expect(JOB_EVENT_TYPE_NAMES.indexOf('BOOKMARK')).toBe(11);
    expect(JOB_EVENT_TYPE_NAMES.indexOf('NOT_INTERESTED')).toBe(16);
    expect(jobEventTypeFromWire(4)).toBe('APPLICATION_START');
    expect(jobEventTypeFromWire('VIEW')).toBe('VIEW');
    expect(jobEventTypeFromWire(17)).toBeUndefined();
    expect(jobEventTypeFromWire(1.5)).toBeUndefined();
    expect(jobEventTypeFromWire('view')).toBeUndefined();
  });

  it('types the names as a tuple of their literals (tsc checks this test)', () => {
    expectTypeOf(JOB_EVENT_TYPE_NAMES.length).toEqualTypeOf<17>();
    expectTypeOf(JOB_EVENT_TYPE_NAMES[4]).toEqualTypeOf<'APPLICATION_START'>();
    expectTypeOf<'IMPRESSION' | 'NOT_INTERESTED' | 'INTERVIEW_GRANTED'>().toMatchTypeOf<JobEventTypeName>();
    expectTypeOf<'JOB_EVENT_TYPE_UNSPECIFIED'>().not.toMatchTypeOf<JobEventTypeName>();
    expectTypeOf<JobEventTypeName>().toMatchTypeOf<string>();
    expect(JOB_EVENT_TYPE_NAMES).toHaveLength(17);
  });

  it('allows NOT_INTERESTED in v3 and v3p1beta1 only', () => {
    expect(jobEventTypesFor('v3')).toContain('NOT_INTERESTED');
    expect(jobEventTypesFor('v3p1beta1')).toContain('NOT_INTERESTED');
    expect(jobEventTypesFor('v4beta1')).not.toContain('NOT_INTERESTED');
    expect(jobEventTypesFor('v4')).not.toContain('NOT_INTERESTED');
    expect(jobEventTypesFor()).toContain('NOT_INTERESTED');
    expect(jobEventTypesFor('v4')).toHaveLength(15);
  });
});
