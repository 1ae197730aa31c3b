// `talent-beacon-server proxy` run from source as a child process, for the tests that need the real CLI:
// its signal handling, its Redis connection, its death by SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const register = pathToFileURL(fileURLToPath(new URL('./ts-register.mjs', import.meta.url))).href;

/** A running proxy CLI. */
export interface ProxyCli {
  child: ChildProcess;
  /** Where it listens, e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  /** The pid to signal: the proxy itself (with `pid1`, the process that is PID 1 inside the namespace). */
  pid: number;
  /** Everything it printed so far, stdout and stderr. */
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

/**
 * Starts `talent-beacon-server proxy ARGS` from source (packages/talent-beacon-server/src/cli.ts) and resolves once it prints
 * where it listens (60 s at most; it rejects with the output when the proxy exits first). With
 * `pid1` it runs as PID 1 of a new PID namespace (`unshare --kill-child --pid --fork
 * --mount-proc`, root only), as a container's command does; `--kill-child` takes the proxy down
 * with unshare when a test kills it. Add the child to your test's clean-up list.
 *
 * @example
 * const proxy = await startProxyCli(['--project', 'acme', '--allow-origin', ORIGIN, '--token', 'dev', '--port', '0']);
 * process.kill(proxy.pid, 'SIGTERM');
 * expect((await proxy.exited).code).toBe(0);
 */
export async function startProxyCli(args: string[], options: { pid1?: boolean } = {}): Promise<ProxyCli> {
  const node = [process.execPath, '--import', register, 'packages/talent-beacon-server/src/cli.ts', 'proxy', ...args];
  const [command, ...rest] = options.pid1
    ? ['unshare', '--kill-child', '--pid', '--fork', '--mount-proc', ...node]
    : node;
  const child = spawn(command!, rest, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the proxy did not start within 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening at (http:\/\/\S+?)\/?\s/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', reject);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the proxy exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
  // unshare --fork waits for its child and does not pass signals on: signal the child, which is
  // PID 1 inside the namespace (NSpid: <pid here> 1).
  const pid = options.pid1
    ? Number(readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/)[0])
    : child.pid!;
  return { child, url, pid, output: () => output, exited };
}
