import { closeSync, existsSync, openSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import type { ClaimResult, DedupeStore } from '../proxy/proxy-types.js';

/** A {@link DedupeStore} kept in a local journal file; see {@link createFileDedupe}. */
export interface FileDedupe extends DedupeStore {
  /** eventIds confirmed by CTS in earlier runs (and this one). */
  readonly confirmed: number;
  /** eventIds an earlier run sent without recording CTS's answer (it was stopped mid-call). */
  readonly interrupted: ReadonlySet<string>;
  /** Flushes the journal to disk and frees the lock. */
  close(): Promise<void>;
}

// One line per fact: "> id" when a send starts, "= id" once CTS confirmed it (accepted or 409).
const SENT = '> ';
const DONE = '= ';

// Journals this process holds open, by path.
const held = new Set<string>();

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A dedupe store for one machine that survives the process: a journal file of eventIds. A send
 * is written as `> id` before it starts, and `= id` only after CTS confirmed it (accepted, or 409
 * ALREADY_EXISTS), each line one append (a single write(2), which a killed process cannot tear).
 * On open the journal is read back: confirmed ids are `done` (never sent again), ids sent but not
 * confirmed are listed in `interrupted` and sent again, as CTS's answer was never recorded (if CTS
 * had stored it, it may now get a second copy: the one gap no sender can close, docs/design.md §7).
 * A lock file (`<path>.lock`, holding the pid) keeps two runs from using one journal at once; a
 * lock left by a killed run is taken over when its process is gone.
 *
 * @example
 * const dedupe = await createFileDedupe({ path: 'hires.ndjson.reported' });
 * const reporter = createReporter({ project, dedupe });
 * // … report …
 * await dedupe.close();
 */
export async function createFileDedupe(options: { path: string }): Promise<FileDedupe> {
  const { path } = options;
  const lock = `${path}.lock`;
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(lock, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
      const pid = Number(readFileSync(lock, 'utf8').trim());
      // Our own pid counts as alive only while this process holds the lock (a killed run's
      // pid may have been given to this one).
      if (Number.isInteger(pid) && pid > 0 && (pid === process.pid ? held.has(path) : processAlive(pid))) {
        throw new Error(
          `the state file ${path} is in use by another run (pid ${pid}; lock ${lock}); wait for it, or remove the lock if that process is not a talent-beacon run`,
          { cause: error },
        );
      }
      unlinkSync(lock); // left by a run that is gone
    }
  }
  held.add(path);
  const done = new Set<string>();
  const sent = new Set<string>();
  let torn = false;
  if (existsSync(path)) {
    // A line without its newline was being written when the machine (not just the process)
    // stopped: ignored, so that id counts as not confirmed, and ended before the next append.
    const text = readFileSync(path, 'utf8');
    torn = text.length > 0 && !text.endsWith('\n');
    for (const line of text.split('\n').slice(0, -1)) {
      if (line.startsWith(DONE)) done.add(line.slice(2));
      else if (line.startsWith(SENT)) sent.add(line.slice(2));
    }
  }
  const interrupted = new Set([...sent].filter((id) => !done.has(id)));
  const inFlight = new Set<string>();
  let file: FileHandle;
  try {
    file = await open(path, 'a');
    if (torn) await file.appendFile('\n');
  } catch (error) {
    held.delete(path);
    unlinkSync(lock);
    throw error;
  }
  const append = (line: string) => file.appendFile(`${line}\n`);
  return {
    get confirmed() {
      return done.size;
    },
    interrupted,
    async claim(eventId: string): Promise<ClaimResult> {
      if (done.has(eventId)) return 'done';
      if (inFlight.has(eventId)) return 'in-flight';
      inFlight.add(eventId);
      await append(SENT + eventId);
      return 'claimed';
    },
    async complete(eventId: string): Promise<void> {
      await append(DONE + eventId);
      done.add(eventId);
      inFlight.delete(eventId);
    },
    release(eventId: string): Promise<void> {
      inFlight.delete(eventId);
      return Promise.resolve();
    },
    async close(): Promise<void> {
      try {
        await file.sync();
        await file.close();
      } finally {
        held.delete(path);
        if (existsSync(lock) && readFileSync(lock, 'utf8').trim() === String(process.pid)) unlinkSync(lock);
      }
    },
  };
}
