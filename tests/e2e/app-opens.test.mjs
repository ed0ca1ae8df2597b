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
