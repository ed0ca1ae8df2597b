// Discover environments, sync them all now, save the access report (who has access where,
// one row per environment × user × organisation — the file auditors ask for).
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { useBackend } from "../../lib/ipc/BackendProvider";
import { useDescribeError } from "../../shared/errors/describeError";

type Said = { ok: boolean; text: string };

export function PeopleToolbar({ onDiscover }: { onDiscover: () => void }) {
  const { t, i18n } = useTranslation("people");
  const backend = useBackend();
  const describe = useDescribeError();
  const [said, setSaid] = useState<Said | null>(null);
  const [saving, setSaving] = useState(false);

  async function saveReport() {
    setSaving(true);
    try {
      // `;` when the app speaks Dutch, as Excel expects where the decimal separator is a comma.
      const report = await backend.saveAccessReport(i18n.language === "nl");
      setSaid({ ok: true, text: t("toolbar.reportSaved", { count: report.environments, path: report.path }) });
    } catch (error) {
      setSaid({ ok: false, text: `${t("toolbar.reportFailed")} ${describe(error)}` });
    } finally {
      setSaving(false);
    }
  }

  async function syncAll() {
    await backend.syncAllEnvironments();
    setSaid({ ok: true, text: t("toolbar.syncAllAsked") });
  }

  return (
    <div className="people-toolbar">
      <button type="button" className="button-primary" onClick={onDiscover} data-testid="discover-button">
        {t("toolbar.discover")}
      </button>
      <button type="button" className="button-secondary" onClick={() => void syncAll()} data-testid="sync-all">
        {t("toolbar.syncAll")}
      </button>
      <button type="button" className="button-secondary" onClick={() => void saveReport()} disabled={saving} data-testid="access-report">
        {t("toolbar.report")}
      </button>
      <p role="status" aria-live="polite" className={said && !said.ok ? "error-text" : "muted"} data-testid="people-toolbar-status">
        {said?.text}
      </p>
    </div>
  );
}
