import type { SignedIn } from "../lib/ipc/backend";

const LABELS: Record<SignedIn["kind"], string> = {
  production: "Production",
  acceptance: "Acceptance",
  "local-sandbox": "Local sandbox",
  custom: "Custom",
};

/** Which environment the administrator works in, always visible; production unmistakable. */
export function EnvironmentBadge({ session }: { session: SignedIn }) {
  return (
    <div className={`environment-badge environment-${session.kind}`} role="status" aria-label="Environment">
      <strong>{LABELS[session.kind]}</strong>
      <span>{session.environmentName}</span>
      {session.kind === "local-sandbox" && <em>not the real platform</em>}
    </div>
  );
}
