import type { CtsJob, CtsMoney } from './cts-client.js';

/** A job as the three boards show it: what a result card and a job page need, ready to print. */
export interface JobCard {
  /** The job id (last segment of the resource name), used in board URLs. */
  id: string;
  /** The full resource name, which is what client events report. */
  name: string;
  title: string;
  company: string;
  location: string;
  /** e.g. "$135k – $170k a year" or "$22 – $27 an hour"; empty when the job has no pay. */
  salary: string;
  /** e.g. "Full-time". */
  type: string;
  /** Plain text, about two lines. */
  snippet: string;
  /** Sanitised HTML: only p, ul, ol, li, b, strong, i, em and br survive. */
  descriptionHtml: string;
}

const TYPE_LABELS: Record<string, string> = {
  FULL_TIME: 'Full-time',
  PART_TIME: 'Part-time',
  CONTRACTOR: 'Contract',
  CONTRACT_TO_HIRE: 'Contract to hire',
  TEMPORARY: 'Temporary',
  INTERN: 'Internship',
  VOLUNTEER: 'Volunteer',
  PER_DIEM: 'Per diem',
  FLY_IN_FLY_OUT: 'Fly-in fly-out',
  OTHER_EMPLOYMENT_TYPE: 'Other',
};

/**
 * Turns a CTS job into a {@link JobCard}. `companies` maps company resource names to display
 * names (CTS fills `companyDisplayName` in search results, but a server may not).
 *
 * @example
 * presentJob(job, new Map([[job.company, 'Northwind Analytics']])).salary; // '$135k – $170k a year'
 */
export function presentJob(job: CtsJob, companies: ReadonlyMap<string, string>, summary?: string): JobCard {
  const descriptionHtml = sanitizeHtml(job.description ?? '');
  // The first paragraph is the job's pitch; the lists after it make a poor two-line snippet.
  const lead = /<p>(.*?)<\/p>/.exec(descriptionHtml)?.[1] ?? descriptionHtml;
  const text = (summary || lead.replace(/<[^>]+>/g, ' ')).replace(/&[a-z]+;|&#\d+;/g, (e) => decodeEntity(e));
  return {
    id: job.name.split('/').pop() ?? job.name,
    name: job.name,
    title: job.title,
    company: job.companyDisplayName || companies.get(job.company) || 'Unknown company',
    location: (job.addresses ?? []).join(' · '),
    salary: formatPay(job.compensationInfo),
    type: (job.employmentTypes ?? []).map((t) => TYPE_LABELS[t] ?? t).join(', '),
    snippet: clip(text.replace(/\s+/g, ' ').trim(), 170),
    descriptionHtml,
  };
}

/**
 * Keeps the few tags CTS allows in descriptions and escapes everything else, so a job posted
 * by anyone to the emulator cannot inject script into the board.
 *
 * @example
 * sanitizeHtml('<p onclick="x()">Hi <script>alert(1)</script></p>'); // '<p>Hi &lt;script&gt;alert(1)&lt;/script&gt;</p>'
 */
export function sanitizeHtml(html: string): string {
  const escape = (text: string) =>
    text
      .replace(/&(?![a-z]+;|#\d+;)/gi, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;');
  let out = '';
  let last = 0;
  for (const match of html.matchAll(/<(\/?)([a-z][a-z0-9]*)\b[^<>]*>/gi)) {
    const [tag, slash, name] = match as unknown as [string, string, string];
    out += escape(html.slice(last, match.index));
    out += ALLOWED_TAGS.has(name.toLowerCase()) ? `<${slash}${name.toLowerCase()}>` : escape(tag);
    last = match.index + tag.length;
  }
  return out + escape(html.slice(last));
}

const ALLOWED_TAGS = new Set(['p', 'ul', 'ol', 'li', 'b', 'strong', 'i', 'em', 'br']);

function formatPay(info: CtsJob['compensationInfo']): string {
  const entry = info?.entries?.[0];
  if (!entry) return '';
  const min = amount(entry.range?.minCompensation ?? entry.amount);
  const max = amount(entry.range?.maxCompensation);
  if (min === undefined) return '';
  const hourly = entry.unit === 'HOURLY';
  const money = (n: number) => (hourly ? `$${n}` : n >= 1000 ? `$${Math.round(n / 1000)}k` : `$${n}`);
  const per = hourly ? 'an hour' : entry.unit === 'MONTHLY' ? 'a month' : 'a year';
  return max !== undefined && max !== min ? `${money(min)} – ${money(max)} ${per}` : `${money(min)} ${per}`;
}

function amount(money: CtsMoney | undefined): number | undefined {
  if (!money || money.units === undefined) return undefined;
  const n = Number(money.units) + (money.nanos ?? 0) / 1e9;
  return Number.isFinite(n) ? n : undefined;
}

function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 20))}…`;
}

function decodeEntity(entity: string): string {
  const named: Record<string, string | undefined> = {
    '&amp;': '&',
    '&lt;': '<',
    '&gt;': '>',
    '&quot;': '"',
    '&nbsp;': ' ',
  };
  const char = named[entity];
  if (char !== undefined) return char;
  const code = /^&#(\d+);$/.exec(entity);
  return code ? String.fromCharCode(Number(code[1])) : entity;
}
