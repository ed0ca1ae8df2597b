//! Organisations and their members as cached, with local changes applied: the counts come
//! from the memberships table, so a queued "add member" shows at once.

use crate::error::StoreError;
use crate::store::Store;

/// One organisation in the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganisationSummary {
    pub id: String,
    pub name: String,
    pub member_count: u32,
    pub administrator_count: u32,
}

/// One member of an organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRow {
    pub user_id: String,
    pub email: String,
    pub name: Option<String>,
    pub role: String,
    pub status: String,
    pub level: String,
    /// Local changes waiting to be sent for this user.
    pub pending: bool,
}

fn count(value: i64) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

impl Store {
    /// Every organisation with its member counts, by name.
    pub async fn organisation_summaries(&self) -> Result<Vec<OrganisationSummary>, StoreError> {
        let rows = sqlx::query!(
            r#"SELECT o.id AS "id!", o.name AS "name!",
                      COUNT(m.user_id) AS "members!: i64",
                      COALESCE(SUM(m.level = 'administrator'), 0) AS "administrators!: i64"
               FROM organisations o LEFT JOIN memberships m ON m.organisation_id = o.id
               GROUP BY o.id ORDER BY o.name COLLATE NOCASE"#
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|row| OrganisationSummary {
                id: row.id,
                name: row.name,
                member_count: count(row.members),
                administrator_count: count(row.administrators),
            })
            .collect())
    }

    /// The members of one organisation, organisation administrators first, then by name.
    pub async fn organisation_members(
        &self,
        organisation_id: &str,
    ) -> Result<Vec<MemberRow>, StoreError> {
        let rows = sqlx::query!(
            r#"SELECT u.id AS "id!", u.email, u.name, u.role, u.status, m.level, u.pending
               FROM memberships m JOIN users u ON u.id = m.user_id
               WHERE m.organisation_id = ?
               ORDER BY m.level = 'administrator' DESC, u.sort_name"#,
            organisation_id
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|row| MemberRow {
                user_id: row.id,
                email: row.email,
                name: row.name,
                role: row.role,
                status: row.status,
                level: row.level,
                pending: row.pending > 0,
            })
            .collect())
    }

    /// True when some cached user has an address at this domain.
    pub async fn domain_in_use(&self, domain: &str) -> Result<bool, StoreError> {
        // `%` and `_` in a domain are literal characters here, not wildcards.
        let escaped = domain
            .to_lowercase()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        let pattern = format!("%@{escaped}");
        let found = sqlx::query_scalar!(
            r#"SELECT EXISTS (SELECT 1 FROM users WHERE email LIKE ? ESCAPE '\') AS "found!: bool""#,
            pattern
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(found)
    }

    /// An organisation's name, for showing memberships.
    pub async fn organisation_name(
        &self,
        organisation_id: &str,
    ) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar!(
            "SELECT name FROM organisations WHERE id = ?",
            organisation_id
        )
        .fetch_optional(&self.pool)
        .await?)
    }
}
