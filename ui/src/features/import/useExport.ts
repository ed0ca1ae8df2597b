// Saving users as a spreadsheet (the overview as filtered, an organisation's members): the
// Rust side writes it to the downloads folder, Excel-ready — `;` when the app speaks Dutch,
// as Excel expects where the decimal separator is a comma — and says where.
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { useBackend } from "../../lib/ipc/BackendProvider";
import { QUERY_DEFAULTS, type UserQuery } from "../../lib/ipc/backend";
import { useDescribeError } from "../../shared/errors/describeError";

export type Exported = { ok: boolean; text: string };

export function useExport(): { exported: Exported | null; exportUsers: (query: Partial<UserQuery>) => Promise<void> } {
  const { t, i18n } = useTranslation("import");
  const backend = useBackend();
  const describe = useDescribeError();
  const [exported, setExported] = useState<Exported | null>(null);
  async function exportUsers(query: Partial<UserQuery>) {
    const everyone: UserQuery = { ...QUERY_DEFAULTS, ...query, offset: 0, limit: 0 };
    try {
      const path = await backend.exportUsers(everyone, i18n.language === "nl");
      setExported({ ok: true, text: t("exported", { path }) });
    } catch (error) {
      setExported({ ok: false, text: `${t("exportFailed")} ${describe(error)}` });
    }
  }
  return { exported, exportUsers };
}
