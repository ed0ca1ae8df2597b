// Where the administrator is: the screen, and what it was opened with (a filter from
// Insights, a user to show, the invite dialog). One state in App; screens read and set it.
import { createContext, useContext } from "react";

import type { RoleView, StatusView } from "../lib/ipc/backend";

/** The overview's filters; Insights and Organisations open the overview with one set. */
export type UserFilter = {
  text?: string;
  status?: StatusView;
  role?: RoleView;
  organisationId?: string;
  noOrganisation?: boolean;
  pendingInvitation?: boolean;
  expired?: boolean;
  staleInvitation?: boolean;
  ineffectiveRelationshipManager?: boolean;
};

export type Route =
  | { screen: "users"; filter?: UserFilter; userId?: string; invite?: boolean }
  | { screen: "organisations"; organisationId?: string }
  | { screen: "insights" }
  | { screen: "activity" }
  | { screen: "people" }
  | { screen: "settings" };

export type ScreenId = Route["screen"];

export const SCREENS: ScreenId[] = ["users", "organisations", "insights", "activity", "people", "settings"];

export type Navigation = { route: Route; navigate: (route: Route) => void };

export const NavigationContext = createContext<Navigation | null>(null);

export function useNavigation(): Navigation {
  const navigation = useContext(NavigationContext);
  if (!navigation) throw new Error("useNavigation() needs the App above it");
  return navigation;
}
