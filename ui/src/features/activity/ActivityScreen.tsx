export function ActivityScreen() {
  return <section className="screen">Activity (to be built)</section>;
}
