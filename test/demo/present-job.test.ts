import { describe, expect, it } from 'vitest';
import type { CtsJob } from '../../packages/demo/src/cts-client.js';
import { presentJob, sanitizeHtml } from '../../packages/demo/src/present-job.js';

const job = (over: Partial<CtsJob> = {}): CtsJob => ({
  name: 'projects/demo/tenants/t/jobs/42',
  company: 'projects/demo/tenants/t/companies/c1',
  requisitionId: 'R-1',
  title: 'Barista',
  description: '<p>Make <b>great</b> coffee &amp; friends.</p><ul><li>Espresso</li></ul>',
  addresses: ['St. Paul, MN'],
  employmentTypes: ['PART_TIME'],
  compensationInfo: {
    entries: [{ unit: 'HOURLY', range: { minCompensation: { units: '16' }, maxCompensation: { units: '19' } } }],
  },
  ...over,
});

describe('presentJob', () => {
  it('prints what a result card shows', () => {
    const card = presentJob(job(), new Map([['projects/demo/tenants/t/companies/c1', 'Maple Street Bakery Co.']]));
    expect(card).toMatchObject({
      id: '42',
      name: 'projects/demo/tenants/t/jobs/42',
      company: 'Maple Street Bakery Co.',
      location: 'St. Paul, MN',
      salary: '$16 – $19 an hour',
      type: 'Part-time',
      snippet: 'Make great coffee & friends.', // the first paragraph only: the lists make a poor snippet
    });
  });

  it('shortens yearly pay to thousands and prefers the server-filled company name', () => {
    const card = presentJob(
      job({
        companyDisplayName: 'Northwind Analytics',
        employmentTypes: ['FULL_TIME', 'INTERN'],
        compensationInfo: {
          entries: [
            { unit: 'YEARLY', range: { minCompensation: { units: '135000' }, maxCompensation: { units: 170000 } } },
          ],
        },
      }),
      new Map(),
    );
    expect(card.salary).toBe('$135k – $170k a year');
    expect(card.company).toBe('Northwind Analytics');
    expect(card.type).toBe('Full-time, Internship');
  });

  it('has no salary when the job has no compensation, and clips long snippets at a word', () => {
    const card = presentJob(
      job({ compensationInfo: undefined, description: `<p>${'word '.repeat(100)}</p>` }),
      new Map(),
    );
    expect(card.salary).toBe('');
    expect(card.snippet.length).toBeLessThanOrEqual(171);
    expect(card.snippet).toMatch(/word…$/);
  });
});

describe('sanitizeHtml', () => {
  it('keeps the tags CTS allows, without attributes', () => {
    expect(sanitizeHtml('<p class="x">a<br/><B>b</B><em>c</em></p><ol><li>d</li></ol>')).toBe(
      '<p>a<br><b>b</b><em>c</em></p><ol><li>d</li></ol>',
    );
  });

  it('escapes everything else, so a posted job cannot script the board', () => {
    expect(sanitizeHtml('<img src=x onerror="alert(1)"><script>alert(2)</script><a href="javascript:x">y</a>')).toBe(
      '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;&lt;a href=&quot;javascript:x&quot;&gt;y&lt;/a&gt;',
    );
    expect(sanitizeHtml('<p onclick="x()">hi</p>')).toBe('<p>hi</p>');
  });
});
