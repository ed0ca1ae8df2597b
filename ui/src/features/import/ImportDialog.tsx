// Onboarding from a spreadsheet (SPEC §5.6): choose a file, see what every row would do
// (nothing is sent yet), run it with progress and Cancel, then the report with the results
// file and "retry the failed rows". The Rust side reads, judges and sends; this dialog asks
// and shows.
import "./import.css";

import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";

import { useBackend } from "../../lib/ipc/BackendProvider";
import type { ImportReportView, ImportSummaryView } from "../../lib/ipc/backend";
import { newOperationId, useProgress } from "../../shared/backendEvents";
import { Dialog } from "../../shared/dialog/Dialog";
import { FailureText } from "../../shared/errors/ErrorNotice";
import { ProgressBar } from "../../shared/form/OperationProgress";
import { ImportRows } from "./ImportRows";

const MAX_BYTES = 50 * 1024 * 1024;

type Step =
  | { step: "choose"; reading: string | null; error: unknown }
  | { step: "preview"; summary: ImportSummaryView; version: number; error: unknown }
  | { step: "running"; summary: ImportSummaryView; operation: string; startedAt: number; cancelling: boolean }
  | { step: "report"; summary: ImportSummaryView; report: ImportReportView; version: number; error: unknown };

/** The file's bytes as base64, for the one IPC call that carries them. */
async function base64Of(file: File): Promise<string> {
  const url = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error("the file could not be read"));
    reader.readAsDataURL(file);
  });
  return url.slice(url.indexOf(",") + 1);
}

function toSend(summary: ImportSummaryView, updateExisting: boolean): number {
  const { invite, direct, warning, update } = summary.counts;
  return invite + direct + warning + (updateExisting ? update : 0);
}

export function ImportDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation("import");
  const backend = useBackend();
  const [state, setState] = useState<Step>({ step: "choose", reading: null, error: null });
  const [addDirectly, setAddDirectly] = useState(false);
  const [updateExisting, setUpdateExisting] = useState(false);
  const [onlyProblems, setOnlyProblems] = useState(false);
  const version = useRef(0);

  async function choose(file: File | undefined) {
    if (!file) return;
    if (file.size > MAX_BYTES) {
      setState({ step: "choose", reading: null, error: new Error(t("tooLarge", { file: file.name })) });
      return;
    }
    setState({ step: "choose", reading: file.name, error: null });
    try {
      const summary = await backend.importPreview(file.name, await base64Of(file), addDirectly);
      version.current += 1;
      setOnlyProblems(false);
      setState({ step: "preview", summary, version: version.current, error: null });
    } catch (error) {
      setState({ step: "choose", reading: null, error });
    }
  }

  async function run(summary: ImportSummaryView) {
    const operation = newOperationId("import");
    setState({ step: "running", summary, operation, startedAt: Date.now(), cancelling: false });
    try {
      const report = await backend.importRun(operation, updateExisting);
      version.current += 1;
      setState({ step: "report", summary, report, version: version.current, error: null });
    } catch (error) {
      version.current += 1;
      setState({ step: "preview", summary, version: version.current, error });
    }
  }

  async function retryFailed() {
    try {
      const summary = await backend.importRetryFailed();
      version.current += 1;
      setOnlyProblems(false);
      setState({ step: "preview", summary, version: version.current, error: null });
    } catch (error) {
      if (state.step === "report") setState({ ...state, error });
    }
  }

  const running = state.step === "running";
  return (
    <Dialog
      title={t("title")}
      onClose={running ? null : onClose}
      closeButton={!running}
      testId="import-dialog"
      className="import-dialog"
      attributes={{ "data-step": state.step }}
      focusKey={state.step}
      actions={actions()}
    >
      {state.step === "choose" && (
        <div className="import-choose">
          <p className="muted">{t("chooseLead")}</p>
          <label className="import-file">
            <span>{t("file")}</span>
            <input
              type="file"
              accept=".csv,.txt,.tsv,text/csv,text/plain,text/tab-separated-values"
              data-testid="import-file"
              data-autofocus
              disabled={state.reading !== null}
              onChange={(event) => void choose(event.target.files?.[0])}
            />
          </label>
          <label className="checkbox-label">
            <input type="checkbox" checked={addDirectly} onChange={(event) => setAddDirectly(event.target.checked)} />
            {t("addDirectly")}
          </label>
          {state.reading !== null && (
            <p role="status" className="muted">
              {t("reading", { file: state.reading })}
            </p>
          )}
          {state.error !== null && <FailureText what={t("readFailed")} error={state.error} />}
        </div>
      )}

      {(state.step === "preview" || state.step === "report") && <Summary summary={state.summary} />}

      {state.step === "preview" && (
        <>
          <Counts summary={state.summary} />
          <div className="import-options">
            <label className="checkbox-label">
              <input type="checkbox" data-testid="import-only-problems" checked={onlyProblems} onChange={(event) => setOnlyProblems(event.target.checked)} />
              {t("onlyProblems")}
            </label>
            {state.summary.counts.update > 0 && (
              <label className="checkbox-label">
                <input type="checkbox" data-testid="import-update-existing" checked={updateExisting} onChange={(event) => setUpdateExisting(event.target.checked)} />
                {t("updateExisting", { count: state.summary.counts.update })}
              </label>
            )}
          </div>
          {state.error !== null && <FailureText what={t("runFailed")} error={state.error} />}
          <ImportRows version={state.version} onlyProblems={onlyProblems} />
        </>
      )}

      {state.step === "running" && <Running state={state} />}

      {state.step === "report" && (
        <>
          <Report report={state.report} />
          <div className="import-options">
            <label className="checkbox-label">
              <input type="checkbox" data-testid="import-only-problems" checked={onlyProblems} onChange={(event) => setOnlyProblems(event.target.checked)} />
              {t("onlyFailed")}
            </label>
          </div>
          {state.error !== null && <FailureText what={t("readFailed")} error={state.error} />}
          <ImportRows version={state.version} onlyProblems={onlyProblems} />
        </>
      )}
    </Dialog>
  );

  // Called, not rendered as a component: its buttons keep their DOM nodes (and focus) while
  // progress re-renders the dialog.
  function actions() {
    if (state.step === "preview") {
      const n = toSend(state.summary, updateExisting);
      return (
        <>
          {n === 0 && <span className="muted import-nothing">{t("nothingToSend")}</span>}
          <button type="button" className="button-secondary" onClick={() => setState({ step: "choose", reading: null, error: null })}>
            {t("otherFile")}
          </button>
          <button type="button" className="button-primary" data-testid="import-run" disabled={n === 0} onClick={() => void run(state.summary)}>
            {t("run", { count: n })}
          </button>
        </>
      );
    }
    if (state.step === "running") {
      return (
        <button
          type="button"
          className="button-secondary"
          data-testid="import-cancel"
          disabled={state.cancelling}
          onClick={() => {
            setState({ ...state, cancelling: true });
            void backend.cancelOperation(state.operation);
          }}
        >
          {t("cancel")}
        </button>
      );
    }
    if (state.step === "report") {
      return (
        <>
          {state.report.failed > 0 && (
            <button type="button" className="button-secondary" data-testid="import-retry" onClick={() => void retryFailed()}>
              {t("retryFailed")}
            </button>
          )}
          <button type="button" className="button-primary" data-testid="import-close" onClick={onClose}>
            {t("close")}
          </button>
        </>
      );
    }
    return (
      <button type="button" className="button-secondary" onClick={onClose}>
        {t("common:cancel")}
      </button>
    );
  }
}

function Summary({ summary }: { summary: ImportSummaryView }) {
  const { t } = useTranslation("import");
  return (
    <div className="import-summary" data-testid="import-summary">
      <p>
        {t("summary", {
          file: summary.fileName,
          count: summary.total,
          encoding: summary.encoding,
          separator: t(`separator.${summary.separator}` as "separator.comma"),
        })}
      </p>
      {!summary.hasHeader && <p className="muted">{t("noHeader")}</p>}
      {summary.ignoredColumns.length > 0 && <p className="muted">{t("ignored", { columns: summary.ignoredColumns.join(", ") })}</p>}
    </div>
  );
}

function Counts({ summary }: { summary: ImportSummaryView }) {
  const { t } = useTranslation("import");
  const verdicts = ["invite", "direct", "update", "warning", "skip", "error"] as const;
  return (
    <ul className="import-counts" aria-label={t("column.verdict")}>
      {verdicts
        .filter((verdict) => summary.counts[verdict] > 0)
        .map((verdict) => (
          <li key={verdict} className={`badge import-badge-${verdict}`} data-testid={`import-count-${verdict}`}>
            {t(`verdict.${verdict}`)}: {summary.counts[verdict]}
          </li>
        ))}
    </ul>
  );
}

function Running({ state }: { state: Extract<Step, { step: "running" }> }) {
  const { t } = useTranslation("import");
  const progress = useProgress(state.operation);
  const done = progress?.done ?? null;
  const total = progress?.total ?? null;
  const seconds = (Date.now() - state.startedAt) / 1000;
  const rate = done !== null && seconds > 0 ? done / seconds : 0;
  const left = rate > 0 && total !== null && done !== null ? Math.ceil((total - done) / rate) : null;
  return (
    <div className="import-running" data-testid="import-running">
      <ProgressBar label={state.cancelling ? t("cancelling") : t("sending")} done={done} total={total} />
      {left !== null && (
        <p className="muted" aria-live="polite">
          {t("rate", { rate: rate.toFixed(0), left: left < 60 ? `${left} s` : `${Math.ceil(left / 60)} min` })}
        </p>
      )}
    </div>
  );
}

function Report({ report }: { report: ImportReportView }) {
  const { t } = useTranslation("import");
  return (
    <div className="import-report" role="status" data-testid="import-report">
      <p>{t("report", report)}</p>
      {report.queued > 0 && <p className="muted">{t("queuedHint")}</p>}
      {report.resultsFile && <p className="muted" data-testid="import-results-file">{t("savedTo", { path: report.resultsFile })}</p>}
      {report.resultsFileError && <p className="error-text">{t("notSaved", { reason: report.resultsFileError })}</p>}
    </div>
  );
}
