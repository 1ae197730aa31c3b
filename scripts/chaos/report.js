// The verdict of a chaos run, from the ground truth (the eventIds the tracker returned) and what
// the emulator stored. Pure: no I/O, so it can be read (and tested) on its own.

/**
 * Why an event was stored more than once:
 * - 'answer-lost': an earlier copy was stored by a `drop-after-store` fault (the emulator marks
 *   it `answerDropped`): CTS stored it, the answer never came back, the proxy retried. No proxy
 *   can close this (design §7); CTS-side idempotency (`--duplicate-event-ids reject`) does.
 * - 'proxy-killed': the first copy was in flight at the proxy when it was SIGKILLed: stored by the
 *   emulator from `killWindowMs` before the kill to the emulator's latency + `killWindowMs` after
 *   it, or carried by a browser POST that was open at the kill (its answer never reached the
 *   browser), and a later copy was stored after the kill.
 * - 'proxy-restart': only with the memory store (`memoryStore`): the first copy was stored
 *   before a kill and a later one after it. The restarted proxy forgot what the dead one had
 *   forwarded, and the browser re-sends what it never saw answered (a pagehide beacon's events
 *   after their 30 s grace, a POST cut off by the kill). Shared Redis exists for this.
 * - 'other': anything else, a bug.
 */
export function duplicateCause(copies, { kills, latencyMs, killWindowMs = 1000, openAtKill, memoryStore = false }) {
  if (copies.slice(0, -1).some((c) => c.answerDropped)) return 'answer-lost';
  const [first, second] = copies;
  for (const k of kills) {
    if (first.at > k + latencyMs + killWindowMs || second.at <= k) continue;
    if (first.at >= k - killWindowMs || openAtKill(first.eventId, k)) return 'proxy-killed';
  }
  if (memoryStore && kills.some((k) => first.at <= k && second.at > k)) return 'proxy-restart';
  return 'other';
}

/**
 * @param {object} run
 * @param {Map<string, object>} run.tracked  eventId -> anything (the tracker returned it)
 * @param {{eventId: string, at: number, answerDropped?: boolean}[]} run.stored  the emulator's log, in order
 * @param {number[]} run.kills  times (ms) the proxy was SIGKILLed
 * @param {{ids: Set<string>, start: number, end: number | null}[]} run.posts  browser POSTs to the proxy
 * @param {number} run.latencyMs  the emulator's latency during traffic
 * @param {boolean} run.memoryStore  the proxy used its in-memory dedupe store (no Redis)
 */
export function buildReport({ tracked, stored, kills, posts, latencyMs, memoryStore }) {
  const copies = new Map();
  for (const s of stored) {
    const list = copies.get(s.eventId);
    if (list) list.push(s);
    else copies.set(s.eventId, [s]);
  }
  const openAtKill = (id, k) => posts.some((p) => p.ids.has(id) && p.start <= k && (p.end === null || p.end >= k));
  const result = {
    tracked: tracked.size,
    storedOnce: 0,
    lost: [],
    duplicates: { 'answer-lost': [], 'proxy-killed': [], 'proxy-restart': [], other: [] },
    untracked: 0,
    extraCopies: 0,
  };
  for (const id of tracked.keys()) {
    const list = copies.get(id) ?? [];
    if (list.length === 0) result.lost.push(id);
    else if (list.length === 1) result.storedOnce++;
    else {
      result.duplicates[duplicateCause(list, { kills, latencyMs, openAtKill, memoryStore })].push(id);
      result.extraCopies += list.length - 1;
    }
  }
  for (const id of copies.keys()) if (!tracked.has(id)) result.untracked++;
  result.answerDroppedFaults = stored.filter((s) => s.answerDropped).length;
  // First copies stored while a kill could have cut their answer off: the proof it was mid-call.
  result.inFlightAtKills = kills.map((k) => stored.filter((s) => s.at > k && s.at <= k + latencyMs + 200 && copies.get(s.eventId)[0] === s).length);
  return result;
}

/** The table's header and one row per run (markdown, so several runs line up). */
export const TABLE_HEADER = [
  '| seed | redis | duplicate ids | tracked | stored once | lost | dup: answer lost after store | dup: proxy killed mid-call | dup: memory store forgot at restart | dup: other | quiescence after faults stop |',
  '|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---|',
].join('\n');

export function tableRow(options, report, quiescenceMs, waitMs) {
  const d = report.duplicates;
  const quiet = quiescenceMs === null ? `not reached in ${Math.round(waitMs / 1000)} s` : `${(quiescenceMs / 1000).toFixed(1)} s`;
  return `| ${options.seed} | ${options.redis} | ${options.duplicateEventIds} | ${report.tracked} | ${report.storedOnce} | ${report.lost.length} | ${d['answer-lost'].length} | ${d['proxy-killed'].length} | ${d['proxy-restart'].length} | ${d.other.length} | ${quiet} |`;
}
