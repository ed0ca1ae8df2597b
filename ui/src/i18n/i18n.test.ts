import { namespaces } from ".";

function keys(texts: object, prefix = ""): string[] {
  return Object.entries(texts).flatMap(([key, value]) =>
    typeof value === "object" && value !== null ? keys(value as object, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

test.each(Object.entries(namespaces))("every English text of %s has a Dutch one, and no Dutch text is left over", (_, texts) => {
  expect(keys(texts.nl).sort()).toEqual(keys(texts.en).sort());
  expect(keys(texts.en).length).toBeGreaterThan(0);
});

test("every platform and IPC error code has a text", () => {
  // The platform contract's stable codes, and the IPC error's codes.
  const platform = [
    "unauthorized", "forbidden", "not_found", "last_administrator", "already_invited", "already_user", "already_exists", "not_pending",
    "invalid_state", "stale_version", "precondition_required", "invalid_email", "shared_email_domain", "validation_failed",
    "idempotency_key_reused", "rate_limited", "internal", "unavailable",
  ];
  const ipc = ["app_folder", "keychain", "authentication", "invalid_input", "not_found", "unreachable", "rejected", "conflict", "internal"];
  expect(Object.keys(namespaces.errors.en.platform).sort()).toEqual([...platform].sort());
  expect(Object.keys(namespaces.errors.en.code).sort()).toEqual([...ipc].sort());
});
