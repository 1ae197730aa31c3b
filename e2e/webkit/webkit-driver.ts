import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Builder, type WebDriver } from 'selenium-webdriver';

/**
 * WebKit through the W3C WebDriver protocol: Debian's `webkit2gtk-driver` (WebKitGTK's
 * `WebKitWebDriver`, which starts WebKitGTK's MiniBrowser), driven by `selenium-webdriver`
 * pointed at it with `usingServer()`, so Selenium Manager never runs and nothing is downloaded.
 *
 * `WEBKIT_WEBDRIVER` names another driver binary (default: `WebKitWebDriver` on the PATH); it is
 * started as `<driver> --port=<free port>`. Without a display (no DISPLAY / WAYLAND_DISPLAY) the
 * driver runs under `xvfb-run -a`, so the browser gets a virtual X server. The driver and its
 * browser are one process group, ended by its pid in {@link WebKit.quit}.
 */
export interface WebKit {
  driver: WebDriver;
  /** The first window, kept open (a session ends with its last window). */
  home: string;
  quit(): Promise<void>;
}

const onPath = (bin: string) => spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

/** Starts the driver and opens a session; fails with what to install when the driver is missing. */
export async function startWebKit(): Promise<WebKit> {
  const bin = process.env.WEBKIT_WEBDRIVER ?? 'WebKitWebDriver';
  if (!bin.includes('/') && !onPath(bin)) {
    throw new Error(
      `${bin} not found: install WebKitGTK's WebDriver (Debian: apt-get install webkit2gtk-driver xvfb) or set WEBKIT_WEBDRIVER`,
    );
  }
  const headless = !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
  if (headless && !onPath('xvfb-run'))
    throw new Error('no display and no xvfb-run: install xvfb (Debian: apt-get install xvfb) or run under a display');
  const port = await freePort();
  const command = headless ? ['xvfb-run', '-a', bin, `--port=${port}`] : [bin, `--port=${port}`];
  const child: ChildProcess = spawn(command[0]!, command.slice(1), {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const kill = () => {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    const deadline = Date.now() + 15_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${bin} exited ${child.exitCode}: ${stderr}`);
      const ready = await fetch(`${url}/status`).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) break;
      if (Date.now() > deadline) throw new Error(`${bin} did not answer /status within 15 s: ${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const driver = await new Builder().usingServer(url).withCapabilities({ browserName: 'MiniBrowser' }).build();
    await driver.manage().setTimeouts({ script: 30_000, pageLoad: 30_000 });
    const home = await driver.getWindowHandle();
    return {
      driver,
      home,
      async quit() {
        await driver.quit().catch(() => undefined);
        kill();
      },
    };
  } catch (error) {
    kill();
    throw error;
  }
}
