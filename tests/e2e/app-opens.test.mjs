import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { launchApp } from "./harness.mjs";

let app;

before(async () => {
  app = await launchApp();
});

after(async () => {
  await app?.stop();
});

test("the window opens on its first screen with the product name", async () => {
  const { browser, screenshot } = app;
  const heading = await browser.$("h1");
  await heading.waitForDisplayed({ timeout: 15000 });
  assert.equal(await heading.getText(), "eConnect Admin", "the first screen's heading");
  assert.equal(await browser.getTitle(), "eConnect Admin", "the document title");
  // The version comes from the Rust side: this proves the IPC door works in the real window.
  const version = await browser.$('[data-testid="app-version"]');
  await version.waitForDisplayed({ timeout: 10000 });
  assert.match(await version.getText(), /^Version \d+\.\d+\.\d+$/, "the version read over IPC");
  await screenshot("welcome");
});

test("it opens signed in to the embedded Local sandbox with its demo data", async () => {
  const { browser, screenshot } = app;
  const badge = await browser.$('[aria-label="Environment"]');
  await badge.waitForDisplayed({ timeout: 20000 });
  const badgeText = await badge.getText();
  assert.match(badgeText, /Local sandbox/, "the environment is always visible");
  assert.match(badgeText, /not the real platform/, "the sandbox is marked as such");
  const counts = await browser.$('[data-testid="user-counts"]');
  await counts.waitForDisplayed({ timeout: 20000 });
  // The demo seed: 11 users, 7 active, 3 invited (one expired), 1 blocked.
  assert.equal(await counts.getText(), "11 users: 7 active, 3 invited, 1 blocked");
  assert.match(await (await browser.$('[data-testid="signed-in"]')).getText(), /ada\.admin@acme\.example/);
  await screenshot("local-sandbox");
});

test("the menu leads to Settings, which shows where the app keeps its files", async () => {
  const { browser, screenshot } = app;
  await (await browser.$("button=Settings")).click();
  const heading = await browser.$("h1=Settings");
  await heading.waitForDisplayed({ timeout: 5000 });
  const logs = await browser.$("dt=Logs");
  const logFolder = await (await logs.nextElement()).getText();
  assert.ok(logFolder.startsWith(app.home), `the log folder ${logFolder} is inside the test's home ${app.home}`);
  await screenshot("settings");
});
