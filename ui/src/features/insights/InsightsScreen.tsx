export function InsightsScreen() {
  return <section className="screen">Insights (to be built)</section>;
}
