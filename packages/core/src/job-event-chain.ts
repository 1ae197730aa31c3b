import { jobEventTypesFor } from './job-event-type.js';
import type { JobEventTypeName } from './job-event-type.js';

/*
 * A job's chain: what a job seeker did with one job after one search, each step the parent of
 * the next. The tracker links events along it (parentEventId, requestId), the emulator's
 * inspector infers it where the API has no parentEventId (v4), and both read this one table, so
 * the inspector never warns about a chain the tracker built.
 *
 * Only VIEW -> IMPRESSION is documented by Google (the example of the parentEventId field:
 * docs/cts-api.md §3.1); the other links are this project's reasonable choices (docs/tracker.md,
 * "Linking"), kept here so that they are easy to change in one place.
 */

/**
 * The steps of a job's chain, oldest first. `NONE` is the parent of an IMPRESSION (it starts the
 * chain) and the step of the types that later events never link to (BOOKMARK, HIRED, ...).
 *
 * @example
 * chainStep('VIEW_REDIRECT') === ChainStep.VIEW; // true
 */
export const ChainStep = { NONE: -1, IMPRESSION: 0, VIEW: 1, APPLICATION: 2, FINISHED: 3 } as const;

/** One of the {@link ChainStep} numbers. */
export type ChainStepNumber = (typeof ChainStep)[keyof typeof ChainStep];

const { NONE, IMPRESSION, VIEW, APPLICATION, FINISHED } = ChainStep;

/** Where an event type sits in a job's chain. */
interface ChainRule {
  /** The newest step it links to; when that step is empty, the next older filled one. */
  parent: ChainStepNumber;
  /** The step it fills for later events, or NONE. */
  fills: ChainStepNumber;
}

// In proto order, the order of jobEventTypesFor(): the script build then spells no type name again.
// prettier-ignore
const CHAIN: readonly ChainRule[] = [
  { parent: NONE,        fills: IMPRESSION },  // IMPRESSION
  { parent: IMPRESSION,  fills: VIEW },        // VIEW
  { parent: IMPRESSION,  fills: VIEW },        // VIEW_REDIRECT
  { parent: VIEW,        fills: APPLICATION }, // APPLICATION_START
  { parent: APPLICATION, fills: FINISHED },    // APPLICATION_FINISH
  { parent: VIEW,        fills: APPLICATION }, // APPLICATION_QUICK_SUBMISSION
  { parent: VIEW,        fills: APPLICATION }, // APPLICATION_REDIRECT
  { parent: IMPRESSION,  fills: APPLICATION }, // APPLICATION_START_FROM_SEARCH
  { parent: IMPRESSION,  fills: APPLICATION }, // APPLICATION_REDIRECT_FROM_SEARCH
  { parent: FINISHED,    fills: NONE },        // APPLICATION_COMPANY_SUBMIT
  { parent: IMPRESSION,  fills: NONE },        // BOOKMARK
  { parent: FINISHED,    fills: NONE },        // NOTIFICATION
  { parent: FINISHED,    fills: NONE },        // HIRED
  { parent: FINISHED,    fills: NONE },        // SENT_CV
  { parent: FINISHED,    fills: NONE },        // INTERVIEW_GRANTED
  { parent: IMPRESSION,  fills: NONE },        // NOT_INTERESTED
];

// A type not in the table (validation refuses it) links like HIRED and fills nothing.
const UNKNOWN: ChainRule = { parent: FINISHED, fills: NONE };

const ruleOf = (type: string): ChainRule => CHAIN[jobEventTypesFor().indexOf(type as JobEventTypeName)] ?? UNKNOWN;

/**
 * The newest step of a job's chain that an event of `type` links to. A linker walks down from it
 * to IMPRESSION and takes the first step that is filled, so an APPLICATION_START without a VIEW
 * gets the IMPRESSION.
 *
 * @example
 * parentStep('VIEW');               // ChainStep.IMPRESSION (0)
 * parentStep('APPLICATION_START');  // ChainStep.VIEW (1): the VIEW, else the IMPRESSION
 * parentStep('APPLICATION_FINISH'); // ChainStep.APPLICATION (2)
 * parentStep('HIRED');              // ChainStep.FINISHED (3): the newest event of the chain
 * parentStep('IMPRESSION');         // ChainStep.NONE (-1)
 */
export function parentStep(type: string): ChainStepNumber {
  return ruleOf(type).parent;
}

/**
 * The step of a job's chain that an event of `type` fills for later events, or `ChainStep.NONE`
 * when later events do not link to it (BOOKMARK, NOT_INTERESTED, HIRED, ...).
 *
 * @example
 * chainStep('IMPRESSION');                    // ChainStep.IMPRESSION (0)
 * chainStep('APPLICATION_START_FROM_SEARCH'); // ChainStep.APPLICATION (2)
 * chainStep('BOOKMARK');                      // ChainStep.NONE (-1)
 */
export function chainStep(type: string): ChainStepNumber {
  return ruleOf(type).fills;
}

/**
 * The event types that may be the parent of an event of `type`, one list per step, newest step
 * first: a linker takes the newest earlier event of the first list that has one. Empty for an
 * IMPRESSION.
 *
 * @example
 * parentTypes('APPLICATION_START');
 * // [['VIEW', 'VIEW_REDIRECT'], ['IMPRESSION']]
 */
export function parentTypes(type: string): JobEventTypeName[][] {
  const lists: JobEventTypeName[][] = [];
  for (let step = parentStep(type); step >= IMPRESSION; step--) {
    lists.push(jobEventTypesFor().filter((t) => ruleOf(t).fills === step));
  }
  return lists;
}
