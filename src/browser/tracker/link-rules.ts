import { jobEventTypesFor, type JobEventTypeName } from '../../core/index.js';

/*
 * Which earlier event an event links to (design §4, cts-api.md §3.1). A job's chain has four
 * slots: 0 = the IMPRESSION that showed it, 1 = its VIEW, 2 = the application step, 3 = its
 * APPLICATION_FINISH (what the back office's events, such as HIRED, link to: design §9).
 * `parentSlot(type)` is the newest slot the type may link to; the store walks down from it to 0
 * and takes the first filled slot, so an APPLICATION_START without a VIEW gets the IMPRESSION.
 * Only VIEW -> IMPRESSION is documented by Google; the others are the "reasonable, undocumented"
 * choices of cts-api.md §3.1, kept in this one table so that they are easy to change.
 * The table is indexed by the types' proto order (jobEventTypesFor(), the list validation reads
 * too), so that no type name is spelled again in the <script> build.
 */
// Two numbers per type: the parent slot, then the chain slot (one flat array: ~10 B less than pairs).
// prettier-ignore
const SLOTS: readonly number[] = [
  3, -1, // a type not in the list (refused by validation) links like HIRED and fills no slot
  -1, 0, // IMPRESSION
  0, 1, // VIEW
  0, 1, // VIEW_REDIRECT
  1, 2, // APPLICATION_START
  2, 3, // APPLICATION_FINISH
  1, 2, // APPLICATION_QUICK_SUBMISSION
  1, 2, // APPLICATION_REDIRECT
  0, 2, // APPLICATION_START_FROM_SEARCH
  0, 2, // APPLICATION_REDIRECT_FROM_SEARCH
  3, -1, // APPLICATION_COMPANY_SUBMIT
  0, -1, // BOOKMARK
  3, -1, // NOTIFICATION
  3, -1, // HIRED
  3, -1, // SENT_CV
  3, -1, // INTERVIEW_GRANTED
  0, -1, // NOT_INTERESTED
];

// Row 0 is indexOf's -1: an unknown type.
const slot = (type: JobEventTypeName, chain: 0 | 1) => SLOTS[2 * jobEventTypesFor().indexOf(type) + 2 + chain]!;

/**
 * The newest chain slot an event of `type` links to: -1 none (IMPRESSION); 0 the IMPRESSION
 * (VIEW, VIEW_REDIRECT, BOOKMARK, NOT_INTERESTED, *_FROM_SEARCH); 1 the VIEW (APPLICATION_START,
 * APPLICATION_REDIRECT, APPLICATION_QUICK_SUBMISSION); 2 the application step (APPLICATION_FINISH);
 * 3 the finished application (the later types such as HIRED, which thus link to the newest
 * event of the chain).
 *
 * @example
 * parentSlot('VIEW');               // 0: the IMPRESSION
 * parentSlot('APPLICATION_START');  // 1: the VIEW, else the IMPRESSION
 * parentSlot('APPLICATION_FINISH'); // 2: the APPLICATION_START, else the VIEW, else the IMPRESSION
 * parentSlot('HIRED');              // 3: the APPLICATION_FINISH, else the START, ...
 */
export function parentSlot(type: JobEventTypeName): number {
  return slot(type, 0);
}

/**
 * The chain slot an event of `type` fills for later events; -1 when later events do not link to
 * it (BOOKMARK, NOT_INTERESTED, HIRED, ...).
 *
 * @example
 * chainSlot('IMPRESSION');                     // 0
 * chainSlot('VIEW_REDIRECT');                  // 1
 * chainSlot('APPLICATION_START_FROM_SEARCH');  // 2
 * chainSlot('APPLICATION_FINISH');             // 3
 * chainSlot('BOOKMARK');                       // -1
 */
export function chainSlot(type: JobEventTypeName): number {
  return slot(type, 1);
}
