import { ProductMark } from "../../shared/ProductMark";
import { useAppInfo } from "../../shared/useAppInfo";

export function WelcomeScreen({ onOpenSettings }: { onOpenSettings: () => void }) {
  const info = useAppInfo();
  return (
    <section className="welcome" aria-labelledby="welcome-title">
      <ProductMark size={72} />
      <h1 id="welcome-title">eConnect Admin</h1>
      <p className="welcome-lead">
        Invite colleagues to the eConnect platform, give each the right role and organisation access, and take
        access away when people leave.
      </p>
      {info.state === "ready" && (
        <p className="muted" data-testid="app-version">
          Version {info.value.version}
        </p>
      )}
      {info.state === "failed" && (
        <p role="alert" className="error-text">
          The app could not read its own details: {info.message}. Restart the app; if it happens again, send the
          log file from Settings to your IT contact.
        </p>
      )}
      <button type="button" className="button-secondary" onClick={onOpenSettings}>
        Where the app keeps its files
      </button>
    </section>
  );
}
