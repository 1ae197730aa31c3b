// The verdict of a chaos run, from the ground truth (the eventIds the tracker returned) and what
// the emulator stored. Pure: no I/O, so it can be read (and tested) on its own.

/**
 * Why an event was stored more than once:
 * - 'answer-lost': an earlier copy was stored by a `drop-after-store` fault (the emulator marks
 *   it `answerDropped`): CTS stored it, the answer never came back, the proxy retried. No proxy
 *   can close this (docs/design.md §7); CTS-side idempotency (`--duplicate-event-ids reject`) does.
 * - 'proxy-killed': the first copy was in flight at the proxy when it was SIGKILLed: stored by the
 *   emulator from `killWindowMs` before the kill to the emulator's latency + `killWindowMs` after
 *   it, or carried by a browser POST that was open at the kill (its answer never reached the
 *   browser), and a later copy was stored after the kill. With several instances behind a
 *   balancer, only a POST that the killed instance answered (haproxy's 502) or whose instance is
 *   unknown (the browser got no answer at all) counts as open at that kill.
 * - 'proxy-stopped': the same for a graceful stop (SIGTERM, a rollout): the first copy was stored
 *   from `killWindowMs` before the signal to the emulator's latency + `killWindowMs` after the
 *   process exited, or its POST to that instance was open at the signal, and a later copy came
 *   after the signal. A stop that drains its batches and then closes the store leaves none: the
 *   verdict counts these as failures (see `passed`), shown apart to measure a shutdown fix.
 * - 'proxy-restart': only with the memory store (`memoryStore`): the first copy was stored
 *   before a kill and a later one after it. The restarted proxy forgot what the dead one had
 *   forwarded, and the browser re-sends what it never saw answered (a pagehide beacon's events
 *   after their 30 s grace, a POST cut off by the kill). Shared Redis exists for this.
 * - 'other': anything else, a bug.
 */
export function duplicateCause(
  copies,
  { kills, stops = [], latencyMs, killWindowMs = 1000, openAtKill, memoryStore = false },
) {
  if (copies.slice(0, -1).some((c) => c.answerDropped)) return 'answer-lost';
  const [first, second] = copies;
  const midCall = (k) =>
    first.at <= k.exitedAt + latencyMs + killWindowMs &&
    second.at > k.at &&
    (first.at >= k.at - killWindowMs || openAtKill(first.eventId, k.at, k.server));
  if (kills.map(asStop).some(midCall)) return 'proxy-killed';
  if (stops.map(asStop).some(midCall)) return 'proxy-stopped';
  if (memoryStore && kills.map(asStop).some((k) => first.at <= k.at && second.at > k.at)) return 'proxy-restart';
  return 'other';
}

/** A kill or stop as { at, exitedAt, server? } (a SIGKILL is a bare time: it exits at once). */
function asStop(k) {
  return typeof k === 'number' ? { at: k, exitedAt: k } : { exitedAt: k.at, ...k };
}

/**
 * @param {object} run
 * @param {Map<string, object>} run.tracked  eventId -> anything (the tracker returned it)
 * @param {{eventId: string, at: number, answerDropped?: boolean}[]} run.stored  the emulator's log, in order
 * @param {(number | {at: number, server: string})[]} run.kills  times (ms) the proxy was
 *   SIGKILLed, with the instance's name when several run behind a balancer
 * @param {{at: number, exitedAt: number, server?: string}[]} [run.stops]  graceful stops
 *   (SIGTERM at `at`, the process gone at `exitedAt`)
 * @param {{ids: Set<string>, start: number, end: number | null, server?: string}[]} run.posts
 *   browser POSTs to the proxy (`server`: the instance the balancer says answered)
 * @param {number} run.latencyMs  the emulator's latency during traffic
 * @param {boolean} run.memoryStore  the proxy used its in-memory dedupe store (no Redis)
 */
export function buildReport({ tracked, stored, kills, stops = [], posts, latencyMs, memoryStore }) {
  const copies = new Map();
  for (const s of stored) {
    const list = copies.get(s.eventId);
    if (list) list.push(s);
    else copies.set(s.eventId, [s]);
  }
  const openAtKill = (id, k, server) =>
    posts.some(
      (p) =>
        p.ids.has(id) &&
        p.start <= k &&
        (p.end === null || p.end >= k) &&
        (server === undefined || p.server === undefined || p.server === server),
    );
  const result = {
    tracked: tracked.size,
    storedOnce: 0,
    lost: [],
    duplicates: { 'answer-lost': [], 'proxy-killed': [], 'proxy-stopped': [], 'proxy-restart': [], other: [] },
    untracked: 0,
    extraCopies: 0,
  };
  for (const id of tracked.keys()) {
    const list = copies.get(id) ?? [];
    if (list.length === 0) result.lost.push(id);
    else if (list.length === 1) result.storedOnce++;
    else {
      result.duplicates[duplicateCause(list, { kills, stops, latencyMs, openAtKill, memoryStore })].push(id);
      result.extraCopies += list.length - 1;
    }
  }
  for (const id of copies.keys()) if (!tracked.has(id)) result.untracked++;
  result.answerDroppedFaults = stored.filter((s) => s.answerDropped).length;
  // First copies stored while a kill could have cut their answer off: the proof it was mid-call.
  const firstCopiesIn = (from, to) =>
    stored.filter((s) => s.at > from && s.at <= to && copies.get(s.eventId)[0] === s).length;
  result.inFlightAtKills = kills.map(asStop).map((k) => firstCopiesIn(k.at, k.at + latencyMs + 200));
  result.inFlightAtStops = stops.map((k) => firstCopiesIn(k.at, k.exitedAt + latencyMs + 200));
  return result;
}

/**
 * The run's verdict: nothing lost, and every duplicate explained by a lost answer, a SIGKILL
 * mid-call or the memory store's restart. A graceful stop (SIGTERM) must store nothing twice.
 */
export function passed(report) {
  return (
    report.lost.length === 0 && report.duplicates.other.length === 0 && report.duplicates['proxy-stopped'].length === 0
  );
}

/** The table's header and one row per run (markdown, so several runs line up). */
export const TABLE_HEADER = [
  '| seed | proxies | redis | duplicate ids | tracked | stored once | lost | dup: answer lost after store | dup: proxy killed mid-call | dup: stopped (SIGTERM) mid-call | dup: memory store forgot at restart | dup: other | quiescence after faults stop (all stored, tracker queues empty) |',
  '|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
].join('\n');

export function tableRow(options, report, quiescenceMs, waitMs) {
  const d = report.duplicates;
  const quiet =
    quiescenceMs === null ? `not reached in ${Math.round(waitMs / 1000)} s` : `${(quiescenceMs / 1000).toFixed(1)} s`;
  return `| ${options.seed} | ${options.proxies ?? 1} | ${options.redis} | ${options.duplicateEventIds} | ${report.tracked} | ${report.storedOnce} | ${report.lost.length} | ${d['answer-lost'].length} | ${d['proxy-killed'].length} | ${d['proxy-stopped'].length} | ${d['proxy-restart'].length} | ${d.other.length} | ${quiet} |`;
}
