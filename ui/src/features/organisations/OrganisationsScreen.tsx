export function OrganisationsScreen({ organisationId }: { organisationId?: string | undefined }) {
  return <section className="screen">Organisations (to be built) {organisationId}</section>;
}
