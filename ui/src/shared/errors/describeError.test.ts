import i18n from "../../i18n";
import { BackendError } from "../../lib/ipc/backend";
import { describeError, describeReason } from "./describeError";

const LAST_ADMINISTRATOR_EN =
  "This is the environment's last administrator: make someone else an administrator first, so that the environment is never left without one.";
const LAST_ADMINISTRATOR_NL =
  "Dit is de laatste beheerder van de omgeving: maak eerst iemand anders beheerder, zodat de omgeving nooit zonder beheerder is.";
const RUST_MESSAGE =
  "this is the environment's last administrator: make someone else an administrator first, so that the environment is never left without one";

afterEach(async () => {
  await i18n.changeLanguage("en");
});

test("a known platform code is translated, in English and in Dutch, without the Rust message", async () => {
  const refused = new BackendError({ code: "rejected", message: RUST_MESSAGE, platformCode: "last_administrator" });
  expect(refused.platformCode).toBe("last_administrator");
  expect(describeError(refused, i18n.t)).toBe(LAST_ADMINISTRATOR_EN);
  await i18n.changeLanguage("nl");
  expect(describeError(refused, i18n.t)).toBe(LAST_ADMINISTRATOR_NL);
  expect(describeError(refused, i18n.t)).not.toContain(RUST_MESSAGE);
});

test("without a platform code the IPC code is translated; Dutch stays Dutch", async () => {
  const offline = new BackendError({ code: "unreachable", message: "error sending request for url (https://acc-api.econnect.eu)" });
  expect(offline.platformCode).toBeNull();
  expect(describeError(offline, i18n.t)).toBe(
    "The platform cannot be reached: check the connection and try again. Changes you make are kept and sent when it is back.",
  );
  await i18n.changeLanguage("nl");
  expect(describeError(offline, i18n.t)).toMatch(/^Het platform is niet bereikbaar/);
  expect(describeError(offline, i18n.t)).not.toContain("error sending request");
});

test("the message is added only where the code cannot say enough", async () => {
  const internal = new BackendError({ code: "internal", message: "the cache could not be migrated: disk I/O error" });
  const input = new BackendError({ code: "invalid_input", message: "the API URL must start with https://" });
  const unknownPlatformCode = new BackendError({ code: "rejected", message: "the tenant is frozen", platformCode: "tenant_frozen" });
  expect(describeError(internal, i18n.t)).toBe("Something unexpected went wrong: the cache could not be migrated: disk I/O error");
  expect(describeError(input, i18n.t)).toBe("The app cannot use this input: the API URL must start with https://");
  expect(describeError(unknownPlatformCode, i18n.t)).toBe("The platform refused this. (the tenant is frozen)");
  await i18n.changeLanguage("nl");
  expect(describeError(internal, i18n.t)).toBe("Er ging iets onverwachts mis: the cache could not be migrated: disk I/O error");
});

test("anything else thrown reads as unexpected, with what it said", () => {
  expect(describeError(new Error("boom"), i18n.t)).toBe("Something unexpected went wrong: boom");
  expect(describeError(undefined, i18n.t)).toBe("Something unexpected went wrong. If it keeps happening, report it with the app's log.");
});

test("a change's reason is translated by its code; the Rust reason only for an unknown or missing code", async () => {
  expect(describeReason({ reason: RUST_MESSAGE, code: "last_administrator" }, i18n.t)).toBe(LAST_ADMINISTRATOR_EN);
  expect(describeReason({ reason: "the moon is full", code: "lunar" }, i18n.t)).toBe("the moon is full");
  expect(describeReason({ reason: null, code: null }, i18n.t)).toBe("no reason given");
  await i18n.changeLanguage("nl");
  expect(describeReason({ reason: RUST_MESSAGE, code: "last_administrator" }, i18n.t)).toBe(LAST_ADMINISTRATOR_NL);
  expect(describeReason({ reason: null, code: null }, i18n.t)).toBe("geen reden opgegeven");
});
