import type { JobEventTypeName } from '../../core/index.js';

/*
 * Which earlier event an event links to (design §4, cts-api.md §3.1). A job's chain has four
 * slots: 0 = the IMPRESSION that showed it, 1 = its VIEW, 2 = the application step, 3 = its
 * APPLICATION_FINISH (what the back office's events, such as HIRED, link to: design §9).
 * `parentSlot(type)` is the newest slot the type may link to; the store walks down from it to 0
 * and takes the first filled slot, so an APPLICATION_START without a VIEW gets the IMPRESSION.
 * Only VIEW -> IMPRESSION is documented by Google; the others are the "reasonable, undocumented"
 * choices of cts-api.md §3.1, kept in this one table so that they are easy to change.
 * Names are listed as one space-separated string because this ships in the 4 KB <script> build.
 */
const TO_IMPRESSION = ' VIEW VIEW_REDIRECT BOOKMARK NOT_INTERESTED APPLICATION_START_FROM_SEARCH APPLICATION_REDIRECT_FROM_SEARCH ';
const TO_VIEW = ' APPLICATION_START APPLICATION_REDIRECT APPLICATION_QUICK_SUBMISSION ';
const IS_VIEW = ' VIEW VIEW_REDIRECT ';
const IS_APPLICATION = TO_VIEW + 'APPLICATION_START_FROM_SEARCH APPLICATION_REDIRECT_FROM_SEARCH ';

const FINISH = 'APPLICATION_FINISH';

const has = (list: string, type: string) => list.includes(` ${type} `);

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
  return type == 'IMPRESSION' ? -1 : has(TO_IMPRESSION, type) ? 0 : has(TO_VIEW, type) ? 1 : type == FINISH ? 2 : 3;
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
  return type == 'IMPRESSION' ? 0 : has(IS_VIEW, type) ? 1 : has(IS_APPLICATION, type) ? 2 : type == FINISH ? 3 : -1;
}
