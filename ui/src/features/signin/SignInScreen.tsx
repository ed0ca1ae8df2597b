export function SignInScreen({ error, onSignIn }: { error?: string | undefined; onSignIn: (environment: string | null) => Promise<void> }) {
  return (
    <section className="screen">
      {error}
      <button type="button" onClick={() => void onSignIn(null)}>
        Local sandbox
      </button>
    </section>
  );
}
