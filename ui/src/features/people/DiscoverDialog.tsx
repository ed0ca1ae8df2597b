// "You have access to 23 environments — add them": the environments the signed-in person
// may enter, which are saved already, and adding the rest in one step (each signs in with
// the current credentials and gets its own cache, filled in the background).
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { useSession } from "../../app/session";
import type { Environment } from "../../lib/ipc/backend";
import { useBackend } from "../../lib/ipc/BackendProvider";
import { Dialog, DialogCloseButton } from "../../shared/dialog/Dialog";
import { useDescribeError } from "../../shared/errors/describeError";
import { LoadStatus } from "../../shared/LoadStatus";
import { useLoadable } from "../../shared/useLoadable";

export function DiscoverDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation("people");
  const backend = useBackend();
  const { session } = useSession();
  const describe = useDescribeError();
  const discovered = useLoadable(() => backend.discoverEnvironments(), [backend], { refreshOnCacheChange: false });
  const [added, setAdded] = useState<Environment[] | null>(null);
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const list = discovered.state === "ready" ? discovered.value : [];
  const fresh = list.filter((environment) => environment.savedAs === null && !environment.current);

  async function add() {
    setAdding(true);
    setError(null);
    try {
      setAdded(await backend.addDiscoveredEnvironments());
      discovered.reload();
    } catch (failure) {
      setError(describe(failure));
    } finally {
      setAdding(false);
    }
  }

  return (
    <Dialog
      title={t("discover.title")}
      onClose={adding ? null : onClose}
      testId="discover-dialog"
      busy={adding || discovered.state === "loading"}
      focusKey={added ? "added" : "list"}
      footer={
        <div role="status" aria-live="polite" data-testid="discover-status">
          {discovered.state === "loading" && t("discover.reading", { login: session.login })}
          {added && t("discover.added", { count: added.length })}
          {error && <span className="error-text">{error}</span>}
        </div>
      }
      actions={
        added || fresh.length === 0 ? (
          <DialogCloseButton onClose={onClose} primary />
        ) : (
          <>
            <button type="button" className="button-secondary" onClick={onClose} disabled={adding}>
              {t("common:cancel")}
            </button>
            <button type="button" className="button-primary" onClick={() => void add()} disabled={adding} data-testid="discover-add">
              {t("discover.add", { count: fresh.length })}
            </button>
          </>
        )
      }
    >
      <LoadStatus load={discovered} failedTitle={t("discover.failed")} />
      {discovered.state === "ready" && (
        <>
          <p data-testid="discover-lead">{fresh.length > 0 ? t("discover.lead", { count: fresh.length }) : t("discover.allSaved")}</p>
          <ul className="discover-list">
            {list.map((environment) => (
              <li key={environment.id} data-testid="discovered" data-name={environment.name} data-saved={environment.savedAs ?? ""}>
                <strong>{environment.name}</strong>
                <span>{t(`common:role.${environment.role}`)}</span>
                <span className="muted">
                  {environment.current
                    ? t("discover.current")
                    : environment.savedAs
                      ? t("discover.savedAs", { name: environment.savedAs })
                      : t("discover.new")}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </Dialog>
  );
}
