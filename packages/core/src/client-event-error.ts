import type { ValidationIssue } from './client-event.js';

/**
 * Thrown by the tracker's event methods for invalid input, with every broken rule in `.issues`
 * and listed in the message. Nothing of the event was queued.
 *
 * @example
 * try {
 *   tracker.view({ job: 'jobs/1' });
 * } catch (error) {
 *   if (error instanceof ClientEventError) console.warn(error.issues);
 * }
 */
export class ClientEventError extends Error {
  override readonly name = 'ClientEventError';
  /** Always `'INVALID_CLIENT_EVENT'`. */
  readonly code = 'INVALID_CLIENT_EVENT';
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[], context = 'Invalid client event') {
    super(`${context}: ${issues.map((i) => i.message).join('; ')}`);
    this.issues = issues;
  }
}
