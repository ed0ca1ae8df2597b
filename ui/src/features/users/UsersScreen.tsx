import type { Route } from "../../app/navigation";

export function UsersScreen({ route }: { route: Extract<Route, { screen: "users" }> }) {
  return <section className="screen">Users (to be built) {route.userId}</section>;
}
