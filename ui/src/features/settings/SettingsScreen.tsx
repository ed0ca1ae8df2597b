import { useAppInfo } from "../../shared/useAppInfo";

export function SettingsScreen() {
  const info = useAppInfo();
  return (
    <section aria-labelledby="settings-title" className="screen">
      <h1 id="settings-title">Settings</h1>
      <h2>About</h2>
      {info.state === "loading" && <p className="muted">Loading…</p>}
      {info.state === "failed" && (
        <p role="alert" className="error-text">
          {info.message}
        </p>
      )}
      {info.state === "ready" && (
        <dl className="facts">
          <dt>Product</dt>
          <dd>{info.value.productName}</dd>
          <dt>Version</dt>
          <dd>{info.value.version}</dd>
          <dt>Configuration</dt>
          <dd className="path">{info.value.configDir}</dd>
          <dt>Offline cache</dt>
          <dd className="path">{info.value.dataDir}</dd>
          <dt>Logs</dt>
          <dd className="path">{info.value.logDir}</dd>
        </dl>
      )}
    </section>
  );
}
