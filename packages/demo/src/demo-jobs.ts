// The demo's seed data: fictional companies and ~30 jobs that look like a real board's. Plain
// data, so that a unit test can check it against the CTS field limits (docs/cts-api.md §7) and the
// seeder stays a short loop.

/** A company of the demo (CTS `Company`: displayName + externalId). */
export interface DemoCompany {
  externalId: string;
  displayName: string;
  /** One paragraph about the company, appended to each of its job descriptions. */
  about: string;
}

/** A demo job before it becomes a CTS `Job` (see {@link toCtsJob}). */
export interface DemoJob {
  requisitionId: string;
  company: string; // DemoCompany.externalId
  title: string;
  address: string;
  employmentType: 'FULL_TIME' | 'PART_TIME' | 'CONTRACTOR' | 'TEMPORARY' | 'INTERN';
  /** Yearly base pay range in USD (hourly jobs are annualised by the board when shown). */
  pay: { min: number; max: number; unit: 'YEARLY' | 'HOURLY' };
  summary: string;
  duties: string[];
  requirements: string[];
}

/**
 * A `jobs.patch` the seeder sends after creating the jobs: a new title, and with a `note` a new
 * description that starts with it (updateMask `title` or `title,description`).
 */
export interface DemoJobUpdate {
  requisitionId: string;
  title: string;
  note?: string;
}

export const demoCompanies: DemoCompany[] = [
  {
    externalId: 'northwind',
    displayName: 'Northwind Analytics',
    about:
      'Northwind Analytics builds forecasting software used by 400 retailers to plan inventory. We are 180 people, profitable, and remote-friendly with hubs in Seattle and Denver.',
  },
  {
    externalId: 'lumen',
    displayName: 'Lumen Health',
    about:
      'Lumen Health runs 14 community clinics across New England, focused on primary care that people can actually get an appointment for.',
  },
  {
    externalId: 'harbor-pine',
    displayName: 'Harbor & Pine Outfitters',
    about:
      'Harbor & Pine makes outdoor clothing that lasts and repairs what it sells, from our flagship store in Portland and 22 shops across the Northwest.',
  },
  {
    externalId: 'kestrel',
    displayName: 'Kestrel Robotics',
    about:
      'Kestrel Robotics designs autonomous inspection robots for bridges, tunnels and power plants. Our robots have inspected more than 3,000 structures.',
  },
  {
    externalId: 'bluefin',
    displayName: 'Bluefin Logistics',
    about:
      'Bluefin Logistics moves freight for 900 regional businesses from six distribution centres in the Midwest, with our own fleet of 300 trucks.',
  },
  {
    externalId: 'solstice',
    displayName: 'Solstice Energy',
    about:
      'Solstice Energy installs and maintains rooftop solar and batteries for homes and small businesses in Texas and Colorado.',
  },
  {
    externalId: 'civic-ledger',
    displayName: 'Civic Ledger',
    about:
      'Civic Ledger provides payment and accounting software to 1,200 city and county governments. We care about boring, correct software.',
  },
  {
    externalId: 'maple-street',
    displayName: 'Maple Street Bakery Co.',
    about:
      'Maple Street Bakery Co. bakes bread and pastries from scratch every morning for our five cafés in the Twin Cities.',
  },
];

export const demoJobs: DemoJob[] = [
  {
    requisitionId: 'NW-101',
    company: 'northwind',
    title: 'Frontend Engineer',
    address: 'Seattle, WA',
    employmentType: 'FULL_TIME',
    pay: { min: 135000, max: 170000, unit: 'YEARLY' },
    summary:
      'Join the team that builds the planning screens our customers spend their day in. You will work on a large TypeScript and React codebase with a strong testing culture.',
    duties: [
      'Build fast, accessible interfaces for forecast review and approval',
      'Work with designers and researchers from first sketch to release',
      'Improve our component library and its documentation',
    ],
    requirements: [
      '3+ years building web applications with TypeScript',
      'Experience with React and modern CSS',
      'Care for accessibility and performance',
    ],
  },
  {
    requisitionId: 'NW-102',
    company: 'northwind',
    title: 'Data Engineer',
    address: 'Denver, CO',
    employmentType: 'FULL_TIME',
    pay: { min: 140000, max: 175000, unit: 'YEARLY' },
    summary:
      'Own the pipelines that turn billions of point-of-sale rows into the features our forecasting models use every night.',
    duties: [
      'Design and operate batch and streaming pipelines',
      'Define data contracts with our customer integrations team',
      'Make data quality problems visible before they reach a model',
    ],
    requirements: [
      'Strong SQL and Python',
      'Experience with a workflow scheduler such as Airflow or Dagster',
      'Comfort with cloud data warehouses',
    ],
  },
  {
    requisitionId: 'NW-103',
    company: 'northwind',
    title: 'Product Designer',
    address: 'Seattle, WA',
    employmentType: 'FULL_TIME',
    pay: { min: 120000, max: 150000, unit: 'YEARLY' },
    summary:
      'Design the tools planners use to trust, question and adjust a forecast. Much of the job is making complex numbers understandable.',
    duties: [
      'Run discovery sessions with retail planners',
      'Prototype and test data-heavy interfaces',
      'Contribute to our design system',
    ],
    requirements: [
      'A portfolio showing work on complex products',
      'Experience designing with real data',
      'Clear written communication',
    ],
  },
  {
    requisitionId: 'NW-104',
    company: 'northwind',
    title: 'Data Science Intern (Summer)',
    address: 'Seattle, WA',
    employmentType: 'INTERN',
    pay: { min: 38, max: 45, unit: 'HOURLY' },
    summary:
      'A twelve-week internship on the forecasting team, with a real project, a mentor and a final presentation to the company.',
    duties: [
      'Explore a modelling question with our data scientists',
      'Write clean, reviewed Python',
      'Present your results to the whole company',
    ],
    requirements: [
      'Studying statistics, computer science or a related field',
      'Some experience with Python and pandas',
      'Curiosity about retail and supply chains',
    ],
  },
  {
    requisitionId: 'LH-201',
    company: 'lumen',
    title: 'Registered Nurse, Primary Care',
    address: 'Boston, MA',
    employmentType: 'FULL_TIME',
    pay: { min: 88000, max: 112000, unit: 'YEARLY' },
    summary:
      'Care for patients in a busy primary care clinic with a stable team, protected charting time and no overnight shifts.',
    duties: [
      'Triage patient calls and walk-ins',
      'Administer vaccinations and medications',
      'Coordinate follow-up care with providers and specialists',
    ],
    requirements: ['Active Massachusetts RN licence', 'BLS certification', '1+ year of clinical experience'],
  },
  {
    requisitionId: 'LH-202',
    company: 'lumen',
    title: 'Medical Assistant',
    address: 'Worcester, MA',
    employmentType: 'FULL_TIME',
    pay: { min: 22, max: 27, unit: 'HOURLY' },
    summary:
      'Help our providers keep the day running on time: room patients, take vitals, and make every visit feel unhurried.',
    duties: [
      'Room patients and record vitals and history',
      'Assist with procedures and point-of-care tests',
      'Keep exam rooms stocked and ready',
    ],
    requirements: [
      'Medical assistant certificate or equivalent experience',
      'Friendly and calm under pressure',
      'Bilingual English/Spanish a plus',
    ],
  },
  {
    requisitionId: 'LH-203',
    company: 'lumen',
    title: 'Physical Therapist',
    address: 'Cambridge, MA',
    employmentType: 'PART_TIME',
    pay: { min: 48, max: 58, unit: 'HOURLY' },
    summary:
      'Three days a week in our Cambridge clinic, treating adults recovering from injury and surgery with 45-minute sessions.',
    duties: [
      'Evaluate patients and write treatment plans',
      'Deliver one-to-one therapy sessions',
      'Document progress for care teams',
    ],
    requirements: ['Doctor of Physical Therapy degree', 'Massachusetts PT licence', 'Orthopaedic experience preferred'],
  },
  {
    requisitionId: 'LH-204',
    company: 'lumen',
    title: 'Patient Services Representative',
    address: 'Providence, RI',
    employmentType: 'FULL_TIME',
    pay: { min: 19, max: 23, unit: 'HOURLY' },
    summary: 'Be the first person our patients talk to, on the phone and at the front desk.',
    duties: [
      'Check patients in and out',
      'Schedule appointments and answer questions about coverage',
      'Keep records accurate and private',
    ],
    requirements: [
      'Customer service experience',
      'Comfort with scheduling software',
      'Discretion with personal information',
    ],
  },
  {
    requisitionId: 'HP-301',
    company: 'harbor-pine',
    title: 'Store Manager',
    address: 'Portland, OR',
    employmentType: 'FULL_TIME',
    pay: { min: 68000, max: 82000, unit: 'YEARLY' },
    summary: 'Lead our flagship store and its repair counter: a team of 25 that sells, fits and fixes outdoor gear.',
    duties: [
      'Hire, train and schedule the store team',
      'Own the store budget and sales targets',
      'Run community events and gear swaps',
    ],
    requirements: ['3+ years managing a retail team', 'Experience with budgets and staffing', 'Love of the outdoors'],
  },
  {
    requisitionId: 'HP-302',
    company: 'harbor-pine',
    title: 'Sales Associate (Holiday Season)',
    address: 'Bend, OR',
    employmentType: 'TEMPORARY',
    pay: { min: 18, max: 21, unit: 'HOURLY' },
    summary: 'Help customers find the right jacket for the weather they will actually be in, from November to January.',
    duties: ['Advise customers on clothing and gear', 'Keep the floor stocked and tidy', 'Process sales and returns'],
    requirements: [
      'Weekend and evening availability',
      'Friendly and patient with customers',
      'Retail experience a plus',
    ],
  },
  {
    requisitionId: 'HP-303',
    company: 'harbor-pine',
    title: 'Gear Repair Technician',
    address: 'Portland, OR',
    employmentType: 'FULL_TIME',
    pay: { min: 24, max: 29, unit: 'HOURLY' },
    summary: 'Repair zippers, seams and waterproof fabrics so our customers keep their gear for decades.',
    duties: [
      'Repair jackets, packs and tents',
      'Estimate repair time and cost for customers',
      'Keep the repair shop organised',
    ],
    requirements: ['Industrial sewing machine experience', 'Attention to detail', 'Interest in outdoor gear'],
  },
  {
    requisitionId: 'HP-304',
    company: 'harbor-pine',
    title: 'E-commerce Marketing Manager',
    address: 'Portland, OR',
    employmentType: 'FULL_TIME',
    pay: { min: 95000, max: 120000, unit: 'YEARLY' },
    summary:
      'Grow our online store with honest marketing: great product pages, useful emails and campaigns people look forward to.',
    duties: [
      'Plan and run seasonal campaigns',
      'Own email and paid social budgets',
      'Report on results and what we learned',
    ],
    requirements: [
      '4+ years in e-commerce marketing',
      'Hands-on with email and analytics tools',
      'A good eye for photography and copy',
    ],
  },
  {
    requisitionId: 'KR-401',
    company: 'kestrel',
    title: 'Robotics Software Engineer',
    address: 'Pittsburgh, PA',
    employmentType: 'FULL_TIME',
    pay: { min: 150000, max: 190000, unit: 'YEARLY' },
    summary:
      'Write the navigation and perception software that lets our robots crawl safely through tunnels and along bridge girders.',
    duties: [
      'Develop localisation and planning in C++ and ROS 2',
      'Test on hardware in our field lab',
      'Analyse field logs to find and fix failures',
    ],
    requirements: [
      'Strong C++',
      'Experience with ROS or similar frameworks',
      'Background in SLAM, planning or perception',
    ],
  },
  {
    requisitionId: 'KR-402',
    company: 'kestrel',
    title: 'Mechanical Engineer',
    address: 'Pittsburgh, PA',
    employmentType: 'FULL_TIME',
    pay: { min: 110000, max: 140000, unit: 'YEARLY' },
    summary: 'Design robot chassis and sensor mounts that survive rain, grit and vibration for years in the field.',
    duties: [
      'Design parts and assemblies in SolidWorks',
      'Build and test prototypes',
      'Work with suppliers on manufacturing',
    ],
    requirements: [
      'BS in mechanical engineering',
      '3+ years of product design',
      'Experience with ruggedised or outdoor hardware',
    ],
  },
  {
    requisitionId: 'KR-403',
    company: 'kestrel',
    title: 'Field Robotics Technician',
    address: 'Cleveland, OH',
    employmentType: 'CONTRACTOR',
    pay: { min: 35, max: 42, unit: 'HOURLY' },
    summary: 'A six-month contract deploying and maintaining inspection robots on customer sites across Ohio.',
    duties: [
      'Set up robots on site and run inspections',
      'Diagnose and repair hardware faults',
      'Report issues to engineering',
    ],
    requirements: [
      'Electromechanical troubleshooting experience',
      'Valid driver licence and willingness to travel',
      'Comfort working at height',
    ],
  },
  {
    requisitionId: 'KR-404',
    company: 'kestrel',
    title: 'QA Engineer, Embedded Systems',
    address: 'Pittsburgh, PA',
    employmentType: 'FULL_TIME',
    pay: { min: 105000, max: 130000, unit: 'YEARLY' },
    summary: 'Make sure every firmware release is safe to put on a robot hanging under a bridge.',
    duties: [
      'Build hardware-in-the-loop test rigs',
      'Automate regression tests for firmware',
      'Own the release checklist',
    ],
    requirements: ['Experience testing embedded software', 'Python for test automation', 'Methodical and persistent'],
  },
  {
    requisitionId: 'BF-501',
    company: 'bluefin',
    title: 'Truck Driver, CDL-A (Regional)',
    address: 'Joliet, IL',
    employmentType: 'FULL_TIME',
    pay: { min: 72000, max: 88000, unit: 'YEARLY' },
    summary: 'Regional routes with home time every weekend, newer trucks and a dispatch team that answers the phone.',
    duties: [
      'Deliver freight safely and on time across the Midwest',
      'Complete pre- and post-trip inspections',
      'Keep accurate electronic logs',
    ],
    requirements: ['Valid CDL-A', '1+ year of tractor-trailer experience', 'Clean driving record'],
  },
  {
    requisitionId: 'BF-502',
    company: 'bluefin',
    title: 'Warehouse Associate (Evenings)',
    address: 'Indianapolis, IN',
    employmentType: 'PART_TIME',
    pay: { min: 19, max: 22, unit: 'HOURLY' },
    summary: 'Pick, pack and load orders on our evening shift, 5 pm to 10 pm, four days a week.',
    duties: ['Pick and pack orders using handheld scanners', 'Load trucks safely', 'Keep aisles clean and organised'],
    requirements: ['Able to lift 50 lb', 'Forklift certification a plus (we train)', 'Reliable attendance'],
  },
  {
    requisitionId: 'BF-503',
    company: 'bluefin',
    title: 'Logistics Dispatcher',
    address: 'Chicago, IL',
    employmentType: 'FULL_TIME',
    pay: { min: 55000, max: 65000, unit: 'YEARLY' },
    summary: "Plan routes and keep 60 drivers moving, solving the day's surprises before they become delays.",
    duties: ['Assign loads and plan routes', 'Track shipments and update customers', 'Support drivers on the road'],
    requirements: ['Dispatch or logistics coordination experience', 'Calm on the phone', 'Comfort with TMS software'],
  },
  {
    requisitionId: 'BF-504',
    company: 'bluefin',
    title: 'Operations Manager, Distribution Centre',
    address: 'Columbus, OH',
    employmentType: 'FULL_TIME',
    pay: { min: 90000, max: 110000, unit: 'YEARLY' },
    summary: 'Run a 200,000 sq ft distribution centre with three shifts and a strong safety record we want to keep.',
    duties: [
      'Lead shift supervisors and their teams',
      'Own throughput, accuracy and safety metrics',
      'Plan staffing for seasonal peaks',
    ],
    requirements: ['5+ years in warehouse operations', 'Experience leading leaders', 'Lean or Six Sigma a plus'],
  },
  {
    requisitionId: 'SE-601',
    company: 'solstice',
    title: 'Solar Installer',
    address: 'Austin, TX',
    employmentType: 'FULL_TIME',
    pay: { min: 23, max: 30, unit: 'HOURLY' },
    summary:
      'Install rooftop solar and home batteries with a crew of three. We provide training, tools and a path to crew lead.',
    duties: [
      'Install racking, panels and wiring on residential roofs',
      'Follow fall-protection and electrical safety rules',
      'Leave every home cleaner than you found it',
    ],
    requirements: ['Comfortable working on roofs', 'Construction or trade experience a plus', 'Valid driver licence'],
  },
  {
    requisitionId: 'SE-602',
    company: 'solstice',
    title: 'Journeyman Electrician',
    address: 'Denver, CO',
    employmentType: 'FULL_TIME',
    pay: { min: 34, max: 42, unit: 'HOURLY' },
    summary:
      'Lead the electrical side of residential solar and battery installs, from panel upgrades to final inspection.',
    duties: [
      'Perform service upgrades and battery tie-ins',
      'Meet inspectors and pass inspections first time',
      'Mentor apprentices on the crew',
    ],
    requirements: [
      'Colorado journeyman electrician licence',
      'Residential service experience',
      'Solar experience a plus',
    ],
  },
  {
    requisitionId: 'SE-603',
    company: 'solstice',
    title: 'Energy Analyst',
    address: 'Austin, TX',
    employmentType: 'FULL_TIME',
    pay: { min: 85000, max: 105000, unit: 'YEARLY' },
    summary:
      'Size solar and battery systems for homes and businesses, and show customers honestly what they will save.',
    duties: [
      'Model production and savings from utility data',
      'Support the sales team with proposals',
      'Track how installed systems perform against estimates',
    ],
    requirements: [
      'Degree in engineering, economics or similar',
      'Strong spreadsheet and SQL skills',
      'Interest in energy markets',
    ],
  },
  {
    requisitionId: 'CL-701',
    company: 'civic-ledger',
    title: 'Backend Engineer (Go)',
    address: 'New York, NY',
    employmentType: 'FULL_TIME',
    pay: { min: 160000, max: 200000, unit: 'YEARLY' },
    summary:
      'Build the payment and ledger services that thousands of city governments rely on at the end of every month.',
    duties: [
      'Design and build services in Go and PostgreSQL',
      'Own reliability of the systems you ship',
      'Review code and mentor other engineers',
    ],
    requirements: [
      '4+ years building backend services',
      'Experience with relational databases',
      'Interest in correctness: money must add up',
    ],
  },
  {
    requisitionId: 'CL-702',
    company: 'civic-ledger',
    title: 'Site Reliability Engineer',
    address: 'Remote (US)',
    employmentType: 'FULL_TIME',
    pay: { min: 155000, max: 190000, unit: 'YEARLY' },
    summary: 'Keep our platform boring: predictable deploys, clear alerts and a calm on-call rotation.',
    duties: [
      'Run our Kubernetes platform and its observability stack',
      'Automate toil away',
      'Lead incident reviews without blame',
    ],
    requirements: [
      'Experience operating production systems',
      'Infrastructure as code (Terraform or similar)',
      'Good written communication',
    ],
  },
  {
    requisitionId: 'CL-703',
    company: 'civic-ledger',
    title: 'Compliance Analyst',
    address: 'Albany, NY',
    employmentType: 'FULL_TIME',
    pay: { min: 75000, max: 92000, unit: 'YEARLY' },
    summary: 'Help us meet the audit and security requirements of public-sector customers, and keep the evidence tidy.',
    duties: [
      'Prepare for SOC 2 and state audits',
      'Answer customer security questionnaires',
      'Track and follow up on remediation work',
    ],
    requirements: ['2+ years in compliance or audit', 'Organised and detail-oriented', 'Familiarity with SOC 2 a plus'],
  },
  {
    requisitionId: 'CL-704',
    company: 'civic-ledger',
    title: 'Technical Writer',
    address: 'Remote (US)',
    employmentType: 'CONTRACTOR',
    pay: { min: 60, max: 75, unit: 'HOURLY' },
    summary: 'A four-month contract to rewrite our API and integration guides for municipal IT teams.',
    duties: [
      'Write and edit API guides and tutorials',
      'Test every example you publish',
      'Work with engineers and support to find gaps',
    ],
    requirements: ['A portfolio of developer documentation', 'Able to read code and call APIs', 'Plain, clear writing'],
  },
  {
    requisitionId: 'CL-705',
    company: 'civic-ledger',
    title: 'Senior Accountant',
    address: 'New York, NY',
    employmentType: 'FULL_TIME',
    pay: { min: 95000, max: 115000, unit: 'YEARLY' },
    summary: 'Own month-end close and revenue recognition for a growing software company.',
    duties: ['Lead the monthly close', 'Prepare reconciliations and revenue schedules', 'Support the annual audit'],
    requirements: [
      'CPA or progress towards it',
      '4+ years of accounting experience',
      'SaaS revenue recognition experience a plus',
    ],
  },
  {
    requisitionId: 'MS-801',
    company: 'maple-street',
    title: 'Pastry Chef',
    address: 'Minneapolis, MN',
    employmentType: 'FULL_TIME',
    pay: { min: 52000, max: 60000, unit: 'YEARLY' },
    summary:
      'Lead the pastry kitchen that supplies all five cafés: croissants, seasonal tarts and the cardamom buns people queue for.',
    duties: [
      'Plan and produce daily pastry for five cafés',
      'Develop seasonal menu items',
      'Train and schedule the pastry team',
    ],
    requirements: [
      '3+ years in a professional pastry kitchen',
      'Laminated dough expertise',
      'Early mornings (4 am start)',
    ],
  },
  {
    requisitionId: 'MS-802',
    company: 'maple-street',
    title: 'Barista',
    address: 'St. Paul, MN',
    employmentType: 'PART_TIME',
    pay: { min: 16, max: 19, unit: 'HOURLY' },
    summary:
      'Make great coffee and welcome our regulars at our Grand Avenue café. Flexible shifts around school or other work.',
    duties: [
      'Prepare espresso drinks and pour-overs',
      'Serve pastries and keep the counter tidy',
      'Open or close the café',
    ],
    requirements: ['Friendly and reliable', 'Barista experience a plus (we train)', 'Weekend availability'],
  },
  {
    requisitionId: 'MS-803',
    company: 'maple-street',
    title: 'Customer Support Specialist (Catering)',
    address: 'Minneapolis, MN',
    employmentType: 'FULL_TIME',
    pay: { min: 45000, max: 52000, unit: 'YEARLY' },
    summary: 'Help companies and families order catering for their events, and make sure every order arrives right.',
    duties: [
      'Answer catering enquiries by phone and email',
      'Build quotes and confirm orders',
      'Coordinate with the kitchen and delivery drivers',
    ],
    requirements: ['Customer service experience', 'Organised and quick with email', 'Food service background a plus'],
  },
];

/**
 * The `jobs.patch` calls of the seed: a few jobs get a better title and an updated description,
 * as a recruiter would after publishing, so the seed exercises patch with an updateMask.
 */
export const demoJobUpdates: DemoJobUpdate[] = [
  { requisitionId: 'NW-101', title: 'Senior Frontend Engineer (React)' },
  {
    requisitionId: 'KR-401',
    title: 'Senior Robotics Software Engineer, Navigation',
    note: 'Updated: this role now includes a $10,000 relocation package.',
  },
  {
    requisitionId: 'SE-601',
    title: 'Solar Installer, No Experience Needed',
    note: 'Updated: paid three-week training for every new installer.',
  },
];

/**
 * The HTML description of a demo job (CTS allows bold, italic and lists in descriptions).
 *
 * @example
 * describeJob(demoJobs[0]!, demoCompanies[0]!); // '<p>Join the team…</p><p><b>What you will do</b></p><ul>…'
 */
export function describeJob(job: DemoJob, company: DemoCompany, note?: string): string {
  const list = (items: string[]) => `<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>`;
  return [
    note ? `<p><i>${note}</i></p>` : '',
    `<p>${job.summary}</p>`,
    '<p><b>What you will do</b></p>',
    list(job.duties),
    '<p><b>What you bring</b></p>',
    list(job.requirements),
    `<p><b>About ${company.displayName}</b></p>`,
    `<p>${company.about}</p>`,
  ].join('');
}
