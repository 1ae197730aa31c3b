type Json = Record<string, unknown>;

/** One matching job and how well it matched (title matches rank first). */
export interface SearchHit {
  job: Json;
  score: number;
}

const TEXT_FIELDS = [
  'description',
  'companyDisplayName',
  'department',
  'qualifications',
  'responsibilities',
  'incentives',
];

/**
 * Plain text of an HTML field (descriptions accept HTML): tags dropped, the common entities decoded.
 *
 * @example
 * plainText('<b>Night</b> shift &amp; weekends'); // 'Night shift & weekends'
 */
export function plainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The query's words, lower-cased: a job matches when it contains every one of them.
 *
 * @example
 * queryTerms('  Night NURSE '); // ['night', 'nurse']
 */
export function queryTerms(query: string): string[] {
  return query
    .toLowerCase()
    .split(/[\s,]+/)
    .filter((t) => t !== '');
}

/**
 * A simple text search, enough for a job board against the emulator (CTS's ranking is not
 * emulated): every query word must appear in the title, description, company name, addresses or
 * other text fields; title matches rank first, then `promotionValue`, then creation order.
 * `companies` (job-query company names) restricts the jobs when not empty.
 *
 * @example
 * searchJobs(jobs, { query: 'nurse', companies: [] }).map((h) => h.job.title);
 */
export function searchJobs(jobs: Json[], request: { query: string; companies: string[] }): SearchHit[] {
  const terms = queryTerms(request.query);
  const hits: SearchHit[] = [];
  for (const job of jobs) {
    if (request.companies.length > 0 && !request.companies.includes(job.company as string)) continue;
    const title = (typeof job.title === 'string' ? job.title : '').toLowerCase();
    const rest = [
      ...TEXT_FIELDS.map((f) => (typeof job[f] === 'string' ? plainText(job[f]) : '')),
      ...(Array.isArray(job.addresses) ? job.addresses.map(String) : []),
    ]
      .join(' ')
      .toLowerCase();
    let score = 0;
    let all = true;
    for (const term of terms) {
      if (title.includes(term)) score += 2;
      else if (rest.includes(term)) score += 1;
      else all = false;
    }
    if (all) hits.push({ job, score });
  }
  return hits
    .map((hit, index) => ({ hit, index }))
    .sort(
      (a, b) =>
        b.hit.score - a.hit.score ||
        Number(b.hit.job.promotionValue ?? 0) - Number(a.hit.job.promotionValue ?? 0) ||
        a.index - b.index,
    )
    .map(({ hit }) => hit);
}
