// The app's own benchmark figures (run by `cargo xtask bench`, not by the test suite):
// start-up to a populated overview with 10,000 cached users, and the memory of the app's
// process tree (the app and its WebKit processes) with them loaded. Prints one JSON line.
//
// The Local sandbox is seeded with large:10000:1000 in a throw-away home; a first start signs
// in and syncs everything into the cache; three more starts are measured, and the median of
// each figure reported (with the lowest and highest). The app itself logs the time from its
// process start to the first rows of the overview. Memory counts every physical page the
// app's process tree keeps resident once, as the kernel's page tables say (see memoryOf).
//
// Against the floor: a bare WebKitGTK window (bare-webview.c, built here with the machine's
// compiler) showing a static page, with the app's webview settings, measured the same way in
// the same run; `app_rss_over_webview_mb` is what the app costs over it.
//
// Speed a person feels: with 100,000 users cached, keystrokes typed into the overview's
// search box, each timed in the page from its keydown to the frame that paints the matching
// rows; then the same searches as a platform round trip to the sandbox the app talks to.
//
// Many environments: the Local sandbox is seeded with a practice of 20 clients; the app's
// memory on the People screen (a search across every cache) is measured with the first
// client's cache alone, then again after the other 19 are discovered, added and synced —
// the goal is that 20 cached environments cost no more than 10 MB over one. The figure is
// the app process's own memory: the web process shows the same screen either way, and its
// memory moves by tens of MB from one start to the next.
import { spawn, spawnSync } from "node:child_process";
import {
  closeSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  readSync,
  realpathSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { launchApp, launchProgram, localSandboxUrl } from "./harness.mjs";

const SEEDER = process.env.ECADMIN_BENCH_SEEDER;
const APP = process.env.ECADMIN_E2E_APP;
if (!SEEDER || !APP) throw new Error("run this through `cargo xtask bench`");

const USERS = 10000;
const MEASURED_STARTS = 3;
const PRACTICE_CLIENTS = 20;
const PRACTICE_USERS = 500;
const ACCOUNTANT = "anna.visser@visser-accountants.example";

function log(message) {
  process.stderr.write(`app bench: ${message}\n`);
}

/** Seeds the Local sandbox's folder the way the app would find it; returns its API client. */
async function seedLocalSandbox(dataDir, seed) {
  const child = spawn(SEEDER, ["seed", join(dataDir, "local-sandbox"), seed], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let printed = "";
  child.stdout.on("data", (chunk) => {
    printed += chunk;
  });
  const code = await new Promise((resolve) => child.once("exit", resolve));
  if (code !== 0) throw new Error(`seeding the Local sandbox failed (exit ${code})`);
  return JSON.parse(printed);
}

async function waitForOverview(browser, users = /10[,.\s]?0\d\d\s*users/) {
  await browser.waitUntil(
    async () => {
      const counts = await browser.$('[data-testid="status-counts"]');
      // The element appears, and may be replaced, while the app signs in and renders.
      const text = (await counts.isExisting())
        ? await browser.execute((node) => node.textContent, counts).catch(() => "")
        : "";
      return users.test(text ?? "");
    },
    { timeout: 60000, timeoutMsg: `the overview did not show ${users} users` },
  );
  await (await browser.$('[data-testid="user-row"]')).waitForExist({ timeout: 30000 });
}

/** The app's process and its descendants (WebKit's web and network processes). */
function processTree(appPath) {
  const stats = new Map();
  let root = null;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      stats.set(Number(entry), parent);
      if (readlinkSync(`/proc/${entry}/exe`) === appPath) root = Number(entry);
    } catch {
      // gone, or not ours to read
    }
  }
  if (root === null) throw new Error(`no running process of ${appPath}`);
  const tree = [root];
  for (let i = 0; i < tree.length; i += 1) {
    for (const [pid, parent] of stats) if (parent === tree[i]) tree.push(pid);
  }
  return tree;
}

/**
 * The physical pages resident for one process: a Set of page frame numbers, read from
 * /proc/PID/pagemap for the mappings that have any (smaps says which). Needs root: without
 * it the kernel reports every frame number as 0, and this returns null.
 */
function residentFrames(pid) {
  const frames = new Set();
  let sawFrameNumber = false;
  const fd = openSync(`/proc/${pid}/pagemap`, "r");
  try {
    let range = null;
    for (const line of readFileSync(`/proc/${pid}/smaps`, "utf8").split("\n")) {
      const header = /^([0-9a-f]+)-([0-9a-f]+) /.exec(line);
      if (header) {
        range = [BigInt(`0x${header[1]}`), BigInt(`0x${header[2]}`)];
        continue;
      }
      if (!range || !line.startsWith("Rss:") || /^Rss:\s+0 kB/.test(line)) continue;
      const first = Number(range[0] / 4096n);
      const pages = Number((range[1] - range[0]) / 4096n);
      const buffer = Buffer.alloc(pages * 8);
      readSync(fd, buffer, 0, buffer.length, first * 8);
      for (let i = 0; i < pages; i += 1) {
        const high = buffer.readUInt32LE(i * 8 + 4);
        if ((high & 0x80000000) === 0) continue; // not present
        const frame = (high & 0x7fffff) * 2 ** 32 + buffer.readUInt32LE(i * 8);
        if (frame !== 0) sawFrameNumber = true;
        frames.add(frame);
      }
    }
  } finally {
    closeSync(fd);
  }
  return sawFrameNumber ? frames : null;
}

/**
 * The memory of the process tree. `residentMb`: every physical page resident for the tree,
 * counted once (a library page shared by the app and its two WebKit processes is one page of
 * memory). `rssSumMb`: the processes' VmRSS added up, which counts such a page once per
 * process. `pssMb`: proportional set size (shared pages divided among their sharers).
 */
function memoryOf(pids) {
  let rssKb = 0;
  let pssKb = 0;
  let frames = new Set();
  for (const pid of pids) {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const processRssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    log(`${/Name:\s+(\S+)/.exec(status)?.[1]} (pid ${pid}): RSS ${(processRssKb / 1024).toFixed(1)} MB`);
    rssKb += processRssKb;
    try {
      pssKb += Number(/Pss:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"))?.[1] ?? 0);
    } catch {
      // smaps_rollup needs a newer kernel
    }
    const processFrames = frames && residentFrames(pid);
    frames = processFrames ? new Set([...frames, ...processFrames]) : null;
  }
  if (!frames) log("resident pages not counted: reading frame numbers from /proc/PID/pagemap needs root");
  const appRssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pids[0]}/status`, "utf8"))?.[1] ?? 0);
  return {
    residentMb: frames ? (frames.size * 4096) / 1048576 : null,
    rssSumMb: rssKb / 1024,
    pssMb: pssKb / 1024,
    appProcessMb: appRssKb / 1024,
  };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function round1(value) {
  return Math.round(value * 10) / 10;
}

function startupFromLog(logDir) {
  const lines = readdirSync(logDir)
    .flatMap((file) => readFileSync(join(logDir, file), "utf8").split("\n"))
    .filter((line) => line.includes("overview shown"));
  const last = lines.at(-1);
  const match = last && /startup_ms=(\d+)/.exec(last);
  if (!match) throw new Error(`the app did not log its start-up time in ${logDir}`);
  return Number(match[1]);
}

/** The environment the app sets for its webview (src-tauri/src/lib.rs, lean_webview_environment). */
const LEAN_WEBVIEW = {
  GDK_GL: "disable",
  WEBKIT_DISABLE_DMABUF_RENDERER: "1",
  WEBKIT_WEB_RENDER_DEVICE_FILE: "/nonexistent/econnect-admin/no-gpu",
  JSC_useJIT: "0",
};

/** Builds bare-webview.c (a WebKitGTK window with a static page) into `dir`; returns its path. */
function buildBareWebview(dir) {
  const flags = spawnSync("pkg-config", ["--cflags", "--libs", "webkit2gtk-4.1"], { encoding: "utf8" });
  if (flags.status !== 0) throw new Error(`pkg-config webkit2gtk-4.1: ${flags.stderr}`);
  const binary = join(dir, "bare-webview");
  const source = join(dirname(fileURLToPath(import.meta.url)), "bare-webview.c");
  const built = spawnSync("cc", ["-O2", "-o", binary, source, ...flags.stdout.trim().split(/\s+/)], { encoding: "utf8" });
  if (built.status !== 0) throw new Error(`cannot build ${source}: ${built.stderr}`);
  return binary;
}

/** The bare WebKitGTK window's memory, measured as the app's is (median of the starts). */
async function bareWebviewMemory() {
  const dir = mkdtempSync(join(tmpdir(), "ecadmin-bare-webview-"));
  try {
    const binary = buildBareWebview(dir);
    const resident = [];
    for (let run = 1; run <= MEASURED_STARTS; run += 1) {
      const program = await launchProgram(binary, [], { readyLine: "loaded", extraEnv: LEAN_WEBVIEW });
      try {
        await new Promise((resolve) => setTimeout(resolve, 2000));
        const memory = memoryOf(processTree(realpathSync(binary)));
        resident.push(memory.residentMb ?? memory.rssSumMb);
        log(`bare webview, start ${run}: ${resident.at(-1).toFixed(1)} MB resident`);
      } finally {
        await program.stop();
      }
    }
    return median(resident);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const SEARCH_USERS = 100000;
/** What an administrator types looking for colleagues (names of the large seed). */
const TYPED = ["anna", "visser", "mila de", "bas.smit", "noah van den", "kim"];

function percentile(values, fraction) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

/**
 * In the real window with 100,000 users cached: the time from a key pressed in the search box
 * (its keydown, in the page) to the frame that paints the matching rows (the first animation
 * frame after the overview shows the rows of that search: `data-shown-text`). Then the same
 * searches as a platform round trip: the sandbox the app talks to, `GET /api/v1/users?q=`
 * with the page size the overview asks for (100 rows), on loopback.
 */
async function keystrokesInTheWindow() {
  const home = mkdtempSync(join(tmpdir(), "ecadmin-bench-home-"));
  try {
    const dataDir = join(home, "data", "nl.econnect.admin");
    log(`seeding the Local sandbox with ${SEARCH_USERS} users …`);
    const client = await seedLocalSandbox(dataDir, `large:${SEARCH_USERS}:1000`);
    const app = await launchApp({ home });
    const { browser } = app;
    try {
      log("sign in and sync 100,000 users into the cache …");
      await waitForOverview(browser, /100[,.\s]?000\s*users/);
      await browser.execute(() => {
        const input = document.querySelector('[data-testid="user-search"]');
        window.__keystrokes = [];
        let pending = null;
        const shown = () => document.querySelector('[data-testid="result-count"]')?.dataset.shownText;
        const done = () => {
          const started = pending.started;
          pending = null;
          requestAnimationFrame(() => window.__keystrokes.push(performance.now() - started));
        };
        // Only keystrokes typed while armed count (not the clearing between searches).
        window.__armed = false;
        input.addEventListener("keydown", () => (pending = window.__armed ? { started: performance.now() } : null), true);
        input.addEventListener("input", () => {
          if (!pending) return;
          pending.text = input.value.trim();
          if (shown() === pending.text) done(); // the rows shown are already these (a space typed)
        });
        new MutationObserver(() => pending?.text !== undefined && shown() === pending.text && done()).observe(document.querySelector(".users-screen"), {
          subtree: true,
          attributes: true,
          attributeFilter: ["data-shown-text"],
        });
      });
      const field = await browser.$('[data-testid="user-search"]');
      await field.click();
      const prefixes = [];
      const keystrokeTimes = [];
      for (const text of TYPED) {
        await browser.execute(() => (window.__armed = false));
        await browser.keys(["Control", "a"]);
        await browser.keys("Backspace");
        await browser.waitUntil(async () => (await browser.execute(() => document.querySelector('[data-testid="result-count"]')?.dataset.shownText)) === "", {
          timeout: 10000,
          timeoutMsg: "the search box did not clear",
        });
        await browser.execute(() => {
          window.__keystrokes.length = 0;
          window.__armed = true;
        });
        const before = prefixes.length;
        for (let end = 1; end <= text.length; end += 1) {
          prefixes.push(text.slice(0, end).trim());
          await browser.keys(text[end - 1]);
          await browser.waitUntil(async () => (await browser.execute(() => window.__keystrokes.length)) === end, {
            timeout: 10000,
            timeoutMsg: `the rows for "${text.slice(0, end)}" were not painted`,
          });
          await new Promise((resolve) => setTimeout(resolve, 40));
        }
        const times = await browser.execute(() => window.__keystrokes.slice());
        keystrokeTimes.push(...times);
        log(`typed "${text}": ${times.map((ms) => ms.toFixed(1)).join(", ")} ms (${prefixes.length - before} keystrokes)`);
      }

      const base = localSandboxUrl(home);
      const token = await fetch(`${base}/identity/connect/token`, {
        method: "POST",
        body: new URLSearchParams({ grant_type: "client_credentials", client_id: client.clientId, client_secret: client.clientSecret }),
      }).then((response) => response.json());
      const server = [];
      for (const prefix of prefixes) {
        const started = performance.now();
        const response = await fetch(`${base}/api/v1/users?limit=100&q=${encodeURIComponent(prefix)}`, {
          headers: { authorization: `Bearer ${token.access_token}` },
        });
        const body = await response.text();
        if (response.status !== 200) throw new Error(`the sandbox's users list answered ${response.status}: ${body}`);
        server.push(performance.now() - started);
      }
      const local50 = percentile(keystrokeTimes, 0.5);
      const server50 = percentile(server, 0.5);
      log(`${keystrokeTimes.length} keystrokes: p50 ${local50.toFixed(1)} ms, p95 ${percentile(keystrokeTimes, 0.95).toFixed(1)} ms; the platform: p50 ${server50.toFixed(1)} ms`);
      return {
        keystroke_to_rows_keystrokes: keystrokeTimes.length,
        keystroke_to_rows_p50_ms: round1(local50),
        keystroke_to_rows_p95_ms: round1(percentile(keystrokeTimes, 0.95)),
        server_search_p50_ms: round1(server50),
        server_search_p95_ms: round1(percentile(server, 0.95)),
        local_vs_server_search_ratio: round1(server50 / local50),
      };
    } catch (error) {
      await app.screenshot("bench-FAILED-keystrokes").catch(() => undefined);
      throw error;
    } finally {
      await app.stop();
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** Start-up and memory with 10,000 users cached. */
async function tenThousandUsers() {
  const home = mkdtempSync(join(tmpdir(), "ecadmin-bench-home-"));
  try {
    const dataDir = join(home, "data", "nl.econnect.admin");
    log(`seeding the Local sandbox with ${USERS} users …`);
    await seedLocalSandbox(dataDir, `large:${USERS}:1000`);

    log("first start: sign in and sync everything into the cache …");
    let app = await launchApp({ home });
    try {
      await waitForOverview(app.browser);
    } catch (error) {
      await app.screenshot("bench-FAILED-first-start").catch(() => undefined);
      await app.stop();
      throw error;
    }
    await app.stop();

    // Start-up and memory vary by tens of ms and a few MB from one start to the next on a busy
    // 2-core machine: three starts from the cache, and the median of each figure.
    const runs = [];
    for (let run = 1; run <= MEASURED_STARTS; run += 1) {
      log(`start ${run + 1}, from the cache (measured) …`);
      app = await launchApp({ home });
      await waitForOverview(app.browser);
      const startupMs = startupFromLog(join(dataDir, "logs"));
      // Scroll through the list as someone looking for a colleague would, then measure.
      await app.browser.execute(() => {
        const scroller = document.querySelector('[data-testid="user-table-body"]');
        scroller?.scrollTo(0, scroller.scrollHeight / 2);
      });
      await app.browser.waitUntil(
        async () =>
          app.browser.execute(() => {
            const scroller = document.querySelector('[data-testid="user-table-body"]');
            return Boolean(scroller && scroller.scrollTop > 0 && document.querySelector('[data-testid="user-row"]'));
          }),
        { timeout: 10000, timeoutMsg: "the overview did not scroll" },
      );
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const memory = memoryOf(processTree(realpathSync(APP)));
      if (run === MEASURED_STARTS) await app.screenshot("bench-10k-users");
      await app.stop();
      log(`start ${run + 1}: ${startupMs} ms, ${memory.residentMb?.toFixed(1)} MB resident`);
      runs.push({ startupMs, ...memory });
    }
    const startups = runs.map((run) => run.startupMs);
    const resident = runs.map((run) => run.residentMb);
    const figures = {
      startup_to_overview_ms: median(startups),
      startup_to_overview_min_ms: Math.min(...startups),
      startup_to_overview_max_ms: Math.max(...startups),
      ...(resident.includes(null)
        ? {}
        : {
            app_rss_10k_users_mb: round1(median(resident)),
            app_rss_10k_users_min_mb: round1(Math.min(...resident)),
            app_rss_10k_users_max_mb: round1(Math.max(...resident)),
          }),
      app_rss_sum_10k_users_mb: round1(median(runs.map((run) => run.rssSumMb))),
      app_pss_10k_users_mb: round1(median(runs.map((run) => run.pssMb))),
    };
    return figures;
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** The accountant's rows on the People screen once every cache answers: one per environment. */
async function searchAcrossEnvironments(browser, expected) {
  await (await browser.$('[data-testid="nav-people"]')).click();
  const field = await browser.$('[data-testid="people-search"]');
  await field.waitForExist({ timeout: 20000 });
  await field.click();
  await field.addValue(ACCOUNTANT);
  await browser.waitUntil(
    async () => (await browser.$$(`[data-testid="person"][data-email="${ACCOUNTANT}"] [data-testid="person-row"]`)).length === expected,
    { timeout: 120000, timeoutMsg: `the accountant was not found in ${expected} environments` },
  );
}

/**
 * Memory on the People screen, from the cache, in MB (medians of the starts): the process
 * tree's, and the app process's own (where the caches, the directory and the background
 * rounds live; the web process shows the same screen either way).
 */
async function peopleScreenMemory(home, expected) {
  const resident = [];
  const appProcess = [];
  for (let run = 1; run <= MEASURED_STARTS; run += 1) {
    const app = await launchApp({ home });
    try {
      await waitForOverview(app.browser, /\d\s*users/);
      await searchAcrossEnvironments(app.browser, expected);
      await new Promise((resolve) => setTimeout(resolve, 3000));
      const memory = memoryOf(processTree(realpathSync(APP)));
      resident.push(memory.residentMb ?? memory.rssSumMb);
      appProcess.push(memory.appProcessMb);
      log(`${expected} environment(s), start ${run}: ${resident.at(-1).toFixed(1)} MB resident, the app process ${memory.appProcessMb.toFixed(1)} MB`);
    } finally {
      await app.stop();
    }
  }
  return { tree: median(resident), app: median(appProcess) };
}

/** The app's memory with 20 cached environments against one. */
async function manyEnvironments() {
  const home = mkdtempSync(join(tmpdir(), "ecadmin-bench-home-"));
  try {
    const dataDir = join(home, "data", "nl.econnect.admin");
    log(`seeding the Local sandbox with a practice of ${PRACTICE_CLIENTS} clients × ${PRACTICE_USERS} users …`);
    await seedLocalSandbox(dataDir, `practice:${PRACTICE_CLIENTS}:${PRACTICE_USERS}`);
    log("first start: sign in to the first client and sync it …");
    let app = await launchApp({ home });
    await waitForOverview(app.browser, /\d\s*users/);
    await app.stop();
    const one = await peopleScreenMemory(home, 1);

    log(`discover and add the other ${PRACTICE_CLIENTS - 1}, and sync them …`);
    app = await launchApp({ home });
    try {
      await waitForOverview(app.browser, /\d\s*users/);
      await (await app.browser.$('[data-testid="nav-people"]')).click();
      await (await app.browser.$('[data-testid="discover-button"]')).click();
      const add = await app.browser.$('[data-testid="discover-add"]');
      await add.waitForClickable({ timeout: 60000 });
      await add.click();
      await app.browser.waitUntil(
        async () => /environments added/.test(await (await app.browser.$('[data-testid="discover-status"]')).getText().catch(() => "")),
        { timeout: 60000, timeoutMsg: "the environments were not added" },
      );
      await app.browser.keys("Escape");
      await searchAcrossEnvironments(app.browser, PRACTICE_CLIENTS);
    } catch (error) {
      await app.screenshot("bench-FAILED-many").catch(() => undefined);
      throw error;
    } finally {
      await app.stop();
    }
    const twenty = await peopleScreenMemory(home, PRACTICE_CLIENTS);
    return {
      app_rss_1_env_mb: round1(one.tree),
      app_rss_20_envs_mb: round1(twenty.tree),
      app_process_1_env_mb: round1(one.app),
      app_process_20_envs_mb: round1(twenty.app),
      app_process_20_envs_over_1_mb: round1(twenty.app - one.app),
    };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

// ECADMIN_BENCH_PHASES=memory,keystrokes,many runs only those (while working on one).
const phases = new Set((process.env.ECADMIN_BENCH_PHASES ?? "memory,keystrokes,many").split(","));
const figures = {};
if (phases.has("memory")) {
  const tenThousand = await tenThousandUsers();
  const bare = await bareWebviewMemory();
  Object.assign(figures, tenThousand, { webview_bare_mb: round1(bare) });
  if (tenThousand.app_rss_10k_users_mb !== undefined) figures.app_rss_over_webview_mb = round1(tenThousand.app_rss_10k_users_mb - bare);
}
if (phases.has("keystrokes")) Object.assign(figures, await keystrokesInTheWindow());
if (phases.has("many")) Object.assign(figures, await manyEnvironments());
log(JSON.stringify(figures));
process.stdout.write(`${JSON.stringify(figures)}\n`);
