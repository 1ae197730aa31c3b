import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { test, expect } from '@playwright/test';

// `npm start` (talent-beacon-demo) as a user runs it (the built CLI, after npm run build): it prints the two
// URLs, serves them, and stops cleanly on Ctrl-C (SIGINT); a taken port is one clear line.
const bin = fileURLToPath(new URL('../packages/demo/bin/talent-beacon-demo.js', import.meta.url));

function startCli(args: string[]): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

test('talent-beacon-demo prints the board and inspector URLs, serves them, and stops on SIGINT', async () => {
  const cli = startCli(['--port', '0', '--emulator-port', '0']);
  try {
    await expect.poll(() => cli.output(), { timeout: 20_000 }).toContain('Inspector:');
    const board = /Job board:\s+(http:\/\/127\.0\.0\.1:\d+\/)/.exec(cli.output())?.[1];
    const inspector = /Inspector:\s+(http:\/\/127\.0\.0\.1:\d+\/)/.exec(cli.output())?.[1];
    expect(board, cli.output()).toBeDefined();
    expect(inspector, cli.output()).toBeDefined();
    const landing = await fetch(board!);
    expect(landing.status).toBe(200);
    expect(await landing.text()).toContain('Lighthouse Jobs');
    expect((await fetch(inspector!)).status).toBe(200);

    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
    await expect(fetch(board!)).rejects.toThrow();
    await expect(fetch(inspector!)).rejects.toThrow();
  } finally {
    cli.child.kill('SIGKILL');
  }
});

test('a taken port is one line naming the port and the flag, exit code 1', async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const port = (blocker.address() as { port: number }).port;
  try {
    const cli = startCli(['--port', String(port), '--emulator-port', '0']);
    expect(await cli.exited).toBe(1);
    expect(cli.output().trim()).toBe(
      `talent-beacon-demo: port ${port} on 127.0.0.1 is already in use; pick another one with --port <number> (or --port 0 for any free port)`,
    );
  } finally {
    await new Promise((done) => blocker.close(done));
  }
});
