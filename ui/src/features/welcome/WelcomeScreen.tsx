import { useBackend } from "../../lib/ipc/BackendProvider";
import type { SignedIn } from "../../lib/ipc/backend";
import { ProductMark } from "../../shared/ProductMark";
import { useAppInfo } from "../../shared/useAppInfo";
import { useLoadable } from "../../shared/useLoadable";

export function WelcomeScreen({ session, onOpenSettings }: { session: SignedIn | null; onOpenSettings: () => void }) {
  const info = useAppInfo();
  const backend = useBackend();
  const counts = useLoadable(() => (session ? backend.userCounts() : Promise.resolve(null)), [backend, session]);
  return (
    <section className="welcome" aria-labelledby="welcome-title">
      <ProductMark size={72} />
      <h1 id="welcome-title">eConnect Admin</h1>
      <p className="welcome-lead">
        Invite colleagues to the eConnect platform, give each the right role and organisation access, and take
        access away when people leave.
      </p>
      {session && (
        <p data-testid="signed-in">
          Signed in to {session.environmentName} as {session.login} ({session.role}).
        </p>
      )}
      {counts.state === "ready" && counts.value && (
        <p data-testid="user-counts">
          {counts.value.total} users: {counts.value.active} active, {counts.value.invited} invited,{" "}
          {counts.value.blocked} blocked
        </p>
      )}
      {counts.state === "failed" && (
        <p role="alert" className="error-text">
          The users could not be read: {counts.message}
        </p>
      )}
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
