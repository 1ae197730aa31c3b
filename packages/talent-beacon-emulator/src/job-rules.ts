import type { ApiVersion } from '@talent-beacon/core';
import { describeValue, isV3Family, utf8ByteLength } from '@talent-beacon/core';
import { RpcError } from './rpc-error.js';

/** Top-level `Job` fields (v4/v4beta1 `job.proto`; v3 names the company `companyName`). */
export const JOB_FIELDS = [
  'name',
  'company',
  'requisitionId',
  'title',
  'description',
  'addresses',
  'applicationInfo',
  'jobBenefits',
  'compensationInfo',
  'customAttributes',
  'degreeTypes',
  'department',
  'employmentTypes',
  'incentives',
  'languageCode',
  'jobLevel',
  'promotionValue',
  'qualifications',
  'responsibilities',
  'postingRegion',
  'visibility',
  'jobStartTime',
  'jobEndTime',
  'postingPublishTime',
  'postingExpireTime',
  'postingCreateTime',
  'postingUpdateTime',
  'companyDisplayName',
  'derivedInfo',
  'processingOptions',
] as const;

/** Fields the server sets; the jobs.patch reference (docs/cts-api.md §7) calls them "Output only" and input values are ignored. */
export const OUTPUT_ONLY_JOB_FIELDS: readonly string[] = [
  'postingCreateTime',
  'postingUpdateTime',
  'companyDisplayName',
  'derivedInfo',
];

/** Timestamp fields: invalid values "are ignored" (seed: jobs.patch). */
export const JOB_TIME_FIELDS: readonly string[] = [
  'jobStartTime',
  'jobEndTime',
  'postingPublishTime',
  'postingExpireTime',
];

/** The company field's name in a version's Job JSON. */
export function companyField(apiVersion: ApiVersion): 'company' | 'companyName' {
  return isV3Family(apiVersion) ? 'companyName' : 'company';
}

// Character limits from the jobs.patch reference and job.proto (docs/cts-api.md §7).
const MAX_CHARS: Record<string, number> = {
  requisitionId: 255,
  title: 500,
  description: 100_000,
  department: 255,
  incentives: 10_000,
  qualifications: 10_000,
  responsibilities: 10_000,
};
const STRING_FIELDS = ['name', 'company', 'languageCode', ...Object.keys(MAX_CHARS)];
const MAX_ADDRESSES = 50;
const MAX_ADDRESS_CHARS = 500;
const CUSTOM_ATTRIBUTE_KEY = /^[a-zA-Z][a-zA-Z0-9_]*$/;
const MAX_CUSTOM_KEY_BYTES = 64;
const MAX_FILTERABLE_KEYS = 100;
const MAX_UNFILTERABLE_KEYS = 100;
const MAX_FILTERABLE_VALUES = 200;
const MAX_FILTERABLE_VALUE_CHARS = 255;
const MAX_UNFILTERABLE_BYTES = 50 * 1024;

/** One broken Job rule: the field path (`job.title`) and what is wrong. */
export interface FieldViolation {
  field: string;
  description: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Unknown top-level fields of a Job body, worded as Google's JSON parser words them.
 *
 * @example
 * unknownJobFields({ titel: 'x' }, 'v4'); // ['Invalid JSON payload received. Unknown name "titel" at \'job\': Cannot find field.']
 */
export function unknownJobFields(job: Record<string, unknown>, apiVersion: ApiVersion): string[] {
  const company = companyField(apiVersion);
  const known = new Set<string>(JOB_FIELDS.map((f) => (f === 'company' ? company : f)));
  return Object.keys(job)
    .filter((k) => !known.has(k))
    .map((k) => `Invalid JSON payload received. Unknown name ${JSON.stringify(k)} at 'job': Cannot find field.`);
}

/**
 * Checks a whole Job (in the emulator's form, company under `company`) against the documented
 * required fields and limits, and returns every violation. Uniqueness and company existence are
 * checked by the store, which knows the other jobs.
 *
 * @example
 * checkJobFields({ title: 'x'.repeat(501) }, 'v4');
 * // [{ field: 'job.company', ... }, ..., { field: 'job.title', description: 'job.title is 501 characters; at most 500 are allowed' }]
 */
export function checkJobFields(job: Record<string, unknown>, apiVersion: ApiVersion): FieldViolation[] {
  const out: FieldViolation[] = [];
  const add = (field: string, description: string) => out.push({ field, description: `${field} ${description}` });
  const company = companyField(apiVersion);

  for (const field of STRING_FIELDS) {
    const value = job[field];
    const name = `job.${field === 'company' ? company : field}`;
    if (value !== undefined && typeof value !== 'string') add(name, `must be a string (got ${describeValue(value)})`);
  }
  for (const field of ['company', 'requisitionId', 'title', 'description']) {
    const value = job[field];
    if (value === undefined || (typeof value === 'string' && value.trim() === '')) {
      add(`job.${field === 'company' ? company : field}`, 'is required');
    }
  }
  for (const [field, max] of Object.entries(MAX_CHARS)) {
    const value = job[field];
    // Characters as the docs count them: Unicode code points.
    if (typeof value === 'string' && [...value].length > max) {
      add(`job.${field}`, `is ${[...value].length} characters; at most ${max} are allowed`);
    }
  }

  const addresses = job.addresses;
  if (addresses !== undefined) {
    if (!Array.isArray(addresses))
      add('job.addresses', `must be an array of strings (got ${describeValue(addresses)})`);
    else {
      if (addresses.length > MAX_ADDRESSES)
        add('job.addresses', `has ${addresses.length} entries; at most ${MAX_ADDRESSES} locations are allowed`);
      addresses.forEach((a, i) => {
        if (typeof a !== 'string') add(`job.addresses[${i}]`, `must be a string (got ${describeValue(a)})`);
        else if ([...a].length > MAX_ADDRESS_CHARS)
          add(`job.addresses[${i}]`, `is ${[...a].length} characters; at most ${MAX_ADDRESS_CHARS} are allowed`);
      });
    }
  }

  checkApplicationInfo(job.applicationInfo, add);
  checkCustomAttributes(job.customAttributes, add);

  // Number() of a JSON object may throw (its valueOf/toString replaced by non-functions).
  const promotion = job.promotionValue;
  if (
    promotion !== undefined &&
    !((typeof promotion === 'number' || typeof promotion === 'string') && Number.isInteger(Number(promotion)))
  ) {
    add('job.promotionValue', `must be an integer (got ${describeValue(job.promotionValue)})`);
  }
  return out;
}

function checkApplicationInfo(info: unknown, add: (field: string, description: string) => void): void {
  if (info === undefined) return;
  if (!isRecord(info)) {
    add('job.applicationInfo', `must be an object { emails, instruction, uris } (got ${describeValue(info)})`);
    return;
  }
  const lists: Array<[string, number]> = [
    ['emails', 255],
    ['uris', 2000],
  ];
  for (const [key, max] of lists) {
    const list = info[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      add(`job.applicationInfo.${key}`, `must be an array of strings (got ${describeValue(list)})`);
      continue;
    }
    list.forEach((v, i) => {
      if (typeof v !== 'string') add(`job.applicationInfo.${key}[${i}]`, `must be a string (got ${describeValue(v)})`);
      else if ([...v].length > max)
        add(`job.applicationInfo.${key}[${i}]`, `is ${[...v].length} characters; at most ${max} are allowed`);
    });
  }
  const instruction = info.instruction;
  if (instruction !== undefined && (typeof instruction !== 'string' || [...instruction].length > 3000)) {
    add(
      'job.applicationInfo.instruction',
      `must be a string of at most 3000 characters (got ${describeValue(instruction)})`,
    );
  }
}

function checkCustomAttributes(attributes: unknown, add: (field: string, description: string) => void): void {
  if (attributes === undefined) return;
  if (!isRecord(attributes)) {
    add('job.customAttributes', `must be a map of key -> CustomAttribute (got ${describeValue(attributes)})`);
    return;
  }
  let filterableKeys = 0;
  let unfilterableKeys = 0;
  let filterableValues = 0;
  let unfilterableBytes = 0;
  for (const [key, attribute] of Object.entries(attributes)) {
    const path = `job.customAttributes[${JSON.stringify(key)}]`;
    if (!CUSTOM_ATTRIBUTE_KEY.test(key))
      add(path, 'key must match the pattern [a-zA-Z][a-zA-Z0-9_]* (e.g. key0LikeThis or KEY_1_LIKE_THIS)');
    if (utf8ByteLength(key) > MAX_CUSTOM_KEY_BYTES)
      add(path, `key is ${utf8ByteLength(key)} bytes; at most ${MAX_CUSTOM_KEY_BYTES} are allowed`);
    if (!isRecord(attribute)) {
      add(
        path,
        `must be a CustomAttribute { stringValues | longValues, filterable } (got ${describeValue(attribute)})`,
      );
      continue;
    }
    const strings = attribute.stringValues;
    const longs = attribute.longValues;
    const hasStrings = Array.isArray(strings) && strings.length > 0;
    const hasLongs = Array.isArray(longs) && longs.length > 0;
    if (hasStrings === hasLongs) add(path, 'must have exactly one of stringValues and longValues');
    if (Array.isArray(longs) && longs.length > 1)
      add(`${path}.longValues`, `has ${longs.length} values; at most 1 is supported`);
    const filterable = attribute.filterable === true;
    if (filterable) filterableKeys++;
    else unfilterableKeys++;
    if (Array.isArray(strings)) {
      strings.forEach((v, i) => {
        if (typeof v !== 'string' || v === '') {
          add(`${path}.stringValues[${i}]`, `must be a non-empty string (got ${describeValue(v)})`);
          return;
        }
        if (filterable) {
          filterableValues++;
          if ([...v].length > MAX_FILTERABLE_VALUE_CHARS)
            add(
              `${path}.stringValues[${i}]`,
              `is ${[...v].length} characters; filterable values may have at most ${MAX_FILTERABLE_VALUE_CHARS}`,
            );
        } else unfilterableBytes += utf8ByteLength(v);
      });
    }
  }
  if (filterableKeys > MAX_FILTERABLE_KEYS)
    add('job.customAttributes', `has ${filterableKeys} filterable keys; at most ${MAX_FILTERABLE_KEYS} are supported`);
  if (unfilterableKeys > MAX_UNFILTERABLE_KEYS)
    add(
      'job.customAttributes',
      `has ${unfilterableKeys} unfilterable keys; at most ${MAX_UNFILTERABLE_KEYS} are supported`,
    );
  if (filterableValues > MAX_FILTERABLE_VALUES)
    add(
      'job.customAttributes',
      `has ${filterableValues} filterable stringValues across all keys; at most ${MAX_FILTERABLE_VALUES} are allowed`,
    );
  if (unfilterableBytes > MAX_UNFILTERABLE_BYTES)
    add(
      'job.customAttributes',
      `unfilterable stringValues take ${unfilterableBytes} bytes; at most ${MAX_UNFILTERABLE_BYTES} (50 KB) are allowed`,
    );
}

/**
 * An INVALID_ARGUMENT error listing every violation, with a google.rpc.BadRequest detail.
 *
 * @example
 * throw invalidJob(checkJobFields(job, 'v4'));
 */
export function invalidJob(violations: FieldViolation[]): RpcError {
  return new RpcError('INVALID_ARGUMENT', `Invalid Job: ${violations.map((v) => v.description).join('; ')}`, [
    { '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: violations },
  ]);
}
