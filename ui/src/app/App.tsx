import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";

import { SignInScreen } from "../features/signin/SignInScreen";
import { ConnectionBanner } from "../features/sync/ConnectionBanner";
import { UsersScreen } from "../features/users/UsersScreen";
import { useBackend } from "../lib/ipc/BackendProvider";
import type { SignedIn } from "../lib/ipc/backend";
import { BackendEventsProvider } from "../shared/backendEvents";
import { EnvironmentBadge } from "../shared/EnvironmentBadge";
import { describeError } from "../shared/errors/describeError";
import { EnvironmentSwitcher } from "./EnvironmentSwitcher";
import { Header } from "./Header";
import { NavigationContext, type Route } from "./navigation";
import { SessionContext, type SessionControls } from "./session";
import { ShortcutsDialog, useShortcuts } from "./shortcuts";
import { Sidebar } from "./Sidebar";

// The overview opens first and is in the main bundle; the other screens are loaded when
// first shown, so that the code of screens never opened is never parsed or kept.
const OrganisationsScreen = lazy(() => import("../features/organisations/OrganisationsScreen").then((m) => ({ default: m.OrganisationsScreen })));
const InsightsScreen = lazy(() => import("../features/insights/InsightsScreen").then((m) => ({ default: m.InsightsScreen })));
const ActivityScreen = lazy(() => import("../features/activity/ActivityScreen").then((m) => ({ default: m.ActivityScreen })));
const PeopleScreen = lazy(() => import("../features/people/PeopleScreen").then((m) => ({ default: m.PeopleScreen })));
const SettingsScreen = lazy(() => import("../features/settings/SettingsScreen").then((m) => ({ default: m.SettingsScreen })));

/** The environment to open on start: the last one used; the Local sandbox the first time. */
const LAST_ENVIRONMENT_KEY = "ecadmin.lastEnvironment";
const LOCAL_SANDBOX = "local-sandbox";
const NONE = "none";

type Phase =
  | { state: "starting"; environment: string }
  | { state: "signed-out"; error?: string }
  | { state: "signed-in"; session: SignedIn; route: Route };

const OVERVIEW: Route = { screen: "users" };

export function App() {
  const backend = useBackend();
  const { t } = useTranslation();
  const [phase, setPhase] = useState<Phase>({ state: "starting", environment: t("environment.local-sandbox") });

  const signInTo = useCallback(
    async (environment: string | null, route: Route = OVERVIEW) => {
      setPhase({ state: "starting", environment: environment ?? t("environment.local-sandbox") });
      try {
        const session = environment === null ? await backend.signInLocalSandbox() : await backend.signIn(environment);
        localStorage.setItem(LAST_ENVIRONMENT_KEY, environment ?? LOCAL_SANDBOX);
        setPhase({ state: "signed-in", session, route });
      } catch (error) {
        setPhase({
          state: "signed-out",
          error: t("signInFailed", { environment: environment ?? t("environment.local-sandbox"), message: describeError(error, t) }),
        });
      }
    },
    [backend, t],
  );

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const current = await backend.currentSession().catch(() => null);
      if (cancelled) return;
      if (current) {
        setPhase({ state: "signed-in", session: current, route: OVERVIEW });
        return;
      }
      const last = localStorage.getItem(LAST_ENVIRONMENT_KEY) ?? LOCAL_SANDBOX;
      if (last === NONE) setPhase({ state: "signed-out" });
      else await signInTo(last === LOCAL_SANDBOX ? null : last);
    })();
    return () => {
      cancelled = true;
    };
  }, [backend, signInTo]);

  const signOut = useCallback(async () => {
    await backend.signOut();
    localStorage.setItem(LAST_ENVIRONMENT_KEY, NONE);
    setPhase({ state: "signed-out" });
  }, [backend]);

  if (phase.state === "starting") {
    return (
      <div className="centered" role="status">
        {t("starting", { environment: phase.environment })}
      </div>
    );
  }
  if (phase.state === "signed-out") {
    return <SignInScreen error={phase.error} onSignIn={signInTo} />;
  }
  return (
    <BackendEventsProvider>
      <SignedInApp session={phase.session} initialRoute={phase.route} switchTo={signInTo} signOut={signOut} />
    </BackendEventsProvider>
  );
}

function SignedInApp({ session, initialRoute, switchTo, signOut }: SessionControls & { initialRoute: Route }) {
  const { t } = useTranslation();
  const [route, setRoute] = useState<Route>(initialRoute);
  const navigation = useMemo(() => ({ route, navigate: setRoute }), [route]);
  const controls = useMemo(() => ({ session, switchTo, signOut }), [session, switchTo, signOut]);
  const [showShortcuts, setShowShortcuts] = useState(false);
  const [showSwitcher, setShowSwitcher] = useState(false);
  const [statusSlot, setStatusSlot] = useState<HTMLDivElement | null>(null);
  const openSwitcher = useCallback(() => setShowSwitcher(true), []);
  const showHelp = useCallback(() => setShowShortcuts(true), []);
  useShortcuts({ navigate: setRoute, showHelp, openSwitcher });
  return (
    <SessionContext.Provider value={controls}>
      <NavigationContext.Provider value={navigation}>
        <a className="skip-link" href="#main">
          {t("skipToContent")}
        </a>
        <div className="app-shell">
          <Sidebar onShowShortcuts={() => setShowShortcuts(true)} statusSlot={setStatusSlot} />
          <div className="app-column">
            <Header badge={<EnvironmentBadge session={session} />} onOpenSwitcher={openSwitcher} />
            <ConnectionBanner onlineSlot={statusSlot} />
            <main className="app-main" id="main" tabIndex={-1}>
              {route.screen === "users" && <UsersScreen route={route} />}
              <Suspense fallback={<p className="muted">{t("common:loading")}</p>}>
                {route.screen === "organisations" && <OrganisationsScreen organisationId={route.organisationId} />}
                {route.screen === "insights" && <InsightsScreen />}
                {route.screen === "activity" && <ActivityScreen />}
                {route.screen === "people" && <PeopleScreen />}
                {route.screen === "settings" && <SettingsScreen />}
              </Suspense>
            </main>
          </div>
        </div>
        {showShortcuts && <ShortcutsDialog onClose={() => setShowShortcuts(false)} />}
        {showSwitcher && <EnvironmentSwitcher onClose={() => setShowSwitcher(false)} />}
      </NavigationContext.Provider>
    </SessionContext.Provider>
  );
}
