// The end-to-end harness: Xvfb, a private D-Bus session, tauri-driver with WebKitWebDriver,
// and the built app, driven through WebDriver. Every process it starts is stopped again by
// process group, also when a test fails or the run is interrupted.
//
// Inputs (set by `cargo xtask e2e`):
//   ECADMIN_E2E_APP            the built app binary
//   ECADMIN_E2E_TAURI_DRIVER   the tauri-driver binary
//   ECADMIN_E2E_OUT            where screenshots go (target/e2e)
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { remote } from "webdriverio";

const NATIVE_DRIVER = "/usr/bin/WebKitWebDriver";

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run the end-to-end tests with \`cargo xtask e2e\``);
  }
  return value;
}

const started = [];

function stopAll() {
  while (started.length > 0) {
    const child = started.pop();
    if (child.exitCode === null && child.signalCode === null) signalGroup(child, "SIGTERM");
  }
}

// A test run that is interrupted or crashes still stops what it started.
process.on("exit", stopAll);
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    stopAll();
    process.exit(130);
  });
}

/** Starts a process in its own process group, so that stopping it stops its children too. */
function start(command, args, options = {}) {
  const child = spawn(command, args, { detached: true, ...options });
  started.push(child);
  child.on("error", (error) => {
    console.error(`cannot start ${command}: ${error.message}`);
  });
  return child;
}

/** Sends `signal` to the child's process group (it and what it started), if still there. */
function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** Waits up to `ms` for the child to end; a child still there then is killed. */
async function awaitGone(child, ms) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await Promise.race([
    new Promise((resolve) => child.once("exit", resolve)),
    new Promise((resolve) => setTimeout(resolve, ms)),
  ]);
  if (child.exitCode === null && child.signalCode === null) signalGroup(child, "SIGKILL");
}

/** Stops what was started, the last first: SIGTERM, and SIGKILL for one still there after 3 s. */
async function stopStarted(children) {
  for (const child of [...children].reverse()) {
    signalGroup(child, "SIGTERM");
    await awaitGone(child, 3000);
  }
}

function readFirstLine(stream, what, ms = 15000) {
  return new Promise((resolve, reject) => {
    let buffer = "";
    const timer = setTimeout(() => reject(new Error(`${what} did not start within ${ms} ms`)), ms);
    stream.on("data", (chunk) => {
      buffer += chunk.toString();
      const newline = buffer.indexOf("\n");
      if (newline >= 0) {
        clearTimeout(timer);
        resolve(buffer.slice(0, newline).trim());
      }
    });
    stream.on("end", () => {
      clearTimeout(timer);
      reject(new Error(`${what} exited before it was ready`));
    });
  });
}

function sessionBusConfig(home) {
  return `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=${home}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port, ms) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/status`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`tauri-driver did not answer on port ${port} within ${ms} ms`);
}

/**
 * A desktop of its own for what runs in `home`: an X server (Xvfb, 1280×800) and a private
 * session bus that activates no services (no portals, no accessibility bus), so that the
 * program meets only what the harness starts. `track` is given each process started.
 * Returns the display and the environment to run programs with.
 */
async function startDesktop(home, track) {
  // Xvfb picks a free display itself and writes its number to fd 3.
  const xvfb = track(
    start("Xvfb", ["-displayfd", "3", "-screen", "0", "1280x800x24", "-nolisten", "tcp"], {
      stdio: ["ignore", "ignore", "pipe", "pipe"],
    }),
  );
  const display = `:${await readFirstLine(xvfb.stdio[3], "Xvfb")}`;
  const dbusConfig = join(home, "session-bus.conf");
  writeFileSync(dbusConfig, sessionBusConfig(home));
  const dbus = track(
    start("dbus-daemon", [`--config-file=${dbusConfig}`, "--nofork", "--print-address=1"], {
      stdio: ["ignore", "pipe", "inherit"],
    }),
  );
  const dbusAddress = await readFirstLine(dbus.stdout, "dbus-daemon");
  const env = {
    ...process.env,
    DISPLAY: display,
    DBUS_SESSION_BUS_ADDRESS: dbusAddress,
    HOME: home,
    XDG_CONFIG_HOME: join(home, "config"),
    XDG_DATA_HOME: join(home, "data"),
    XDG_CACHE_HOME: join(home, "cache"),
    XDG_RUNTIME_DIR: home,
    NO_AT_BRIDGE: "1",
    ECADMIN_LOG: process.env.ECADMIN_LOG ?? "info",
  };
  return { display, env };
}

/**
 * Runs a plain program (not the app) on a desktop of its own, with `extraEnv`, until its
 * first line on stdout, which must be `readyLine`. Returns `{ pid, stop }`.
 */
export async function launchProgram(path, args, { readyLine, extraEnv = {}, timeoutMs = 30000 }) {
  const home = mkdtempSync(join(tmpdir(), "ecadmin-program-home-"));
  const ours = [];
  const track = (child) => {
    ours.push(child);
    return child;
  };
  const stop = async () => {
    await stopStarted(ours);
    rmSync(home, { recursive: true, force: true });
  };
  try {
    const { env } = await startDesktop(home, track);
    const program = track(start(path, args, { env: { ...env, ...extraEnv }, stdio: ["ignore", "pipe", "inherit"] }));
    const line = await readFirstLine(program.stdout, path, timeoutMs);
    if (line !== readyLine) throw new Error(`${path} printed "${line}", not "${readyLine}"`);
    return { pid: program.pid, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Where the app's embedded Local sandbox listens, as the app's log under `home` says (the
 * newest start counts). */
export function localSandboxUrl(home) {
  const logs = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (path.includes("logs")) logs.push(path);
    }
  };
  walk(home);
  const starts = logs.flatMap((path) => [...readFileSync(path, "utf8").matchAll(/Local sandbox started base_url=(http:\/\/127\.0\.0\.1:\d+)/g)]);
  if (starts.length === 0) throw new Error(`no log under ${home} says where the Local sandbox listens (${logs})`);
  return starts.at(-1)[1];
}

/** Where the README's screenshots live. */
const DOCS_SCREENS = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "docs", "screens");

/**
 * The X server's picture of the screen, once painted: software rendering paints late, so a
 * capture counts once two in a row agree and show more than a blank page (or after 10 s).
 */
async function settledCapture(display) {
  const deadline = Date.now() + 10000;
  let previous = null;
  for (;;) {
    const capture = spawnSync("import", ["-display", display, "-window", "root", "png:-"], {
      maxBuffer: 64 * 1024 * 1024,
    });
    if (capture.status !== 0) {
      throw new Error(`cannot take a screenshot of ${display}: ${capture.stderr}`);
    }
    const colours = Number(spawnSync("identify", ["-format", "%k", "png:-"], { input: capture.stdout }).stdout);
    const settled = previous !== null && colours > 8 && capture.stdout.equals(previous);
    if (settled || Date.now() > deadline) return capture.stdout;
    previous = capture.stdout;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Starts everything and opens the app. Returns `{browser, screenshot, stop, home}`; call
 * `stop()` in an `after` hook. With `{home}`, the app runs in that folder and it stays.
 */
export async function launchApp({ home: givenHome } = {}) {
  const app = required("ECADMIN_E2E_APP");
  const tauriDriver = required("ECADMIN_E2E_TAURI_DRIVER");
  const outDir = required("ECADMIN_E2E_OUT");
  mkdirSync(outDir, { recursive: true });
  // A given home (the benchmark's second start, on the first start's cache) is kept.
  const home = givenHome ?? mkdtempSync(join(tmpdir(), "ecadmin-e2e-home-"));
  const removeHome = () => {
    if (!givenHome) rmSync(home, { recursive: true, force: true });
  };
  const ours = [];
  const track = (child) => {
    ours.push(child);
    return child;
  };

  try {
    const { display, env } = await startDesktop(home, track);
    const port = await freePort();
    const nativePort = await freePort();
    track(
      start(tauriDriver, ["--port", String(port), "--native-port", String(nativePort), "--native-driver", NATIVE_DRIVER], {
        env,
        stdio: ["ignore", "inherit", "inherit"],
      }),
    );
    await waitForPort(port, 15000);

    const browser = await remote({
      hostname: "127.0.0.1",
      port,
      logLevel: "warn",
      connectionRetryCount: 0,
      capabilities: {
        "wdio:enforceWebDriverClassic": true,
        "tauri:options": { application: app },
      },
    });

    // Screenshots come from the X server, so they show what a user would see. (WebKitGTK's
    // own WebDriver screenshot comes out blank under Xvfb, which has no GPU.)
    // With `{docs: true}` the shot, cut to the app's window, also goes to docs/screens (the
    // README's pictures, so that they never go stale).
    let shots = 0;
    const screenshot = async (name, { docs = false } = {}) => {
      shots += 1;
      const path = join(outDir, `${String(shots).padStart(2, "0")}-${name}.png`);
      // The pointer to the window's corner: no tooltip of the last click in the picture.
      await browser.action("pointer").move({ x: 1, y: 1, origin: "viewport" }).perform();
      const saved = await settledCapture(display);
      writeFileSync(path, saved);
      if (docs) {
        const { x, y, width, height } = await browser.getWindowRect();
        const cut = spawnSync("convert", ["png:-", "-crop", `${width}x${height}+${x}+${y}`, "+repage", "png:-"], {
          input: saved,
          maxBuffer: 64 * 1024 * 1024,
        });
        if (cut.status !== 0) throw new Error(`cannot cut the screenshot ${name} to the window: ${cut.stderr}`);
        writeFileSync(join(DOCS_SCREENS, `${name}.png`), cut.stdout);
      }
      return path;
    };

    const stop = async () => {
      try {
        await browser.deleteSession();
      } catch {
        // the window may already be gone
      }
      await stopStarted(ours);
      removeHome();
    };

    return { browser, screenshot, stop, home };
  } catch (error) {
    for (const child of [...ours].reverse()) signalGroup(child, "SIGKILL");
    removeHome();
    throw error;
  }
}
