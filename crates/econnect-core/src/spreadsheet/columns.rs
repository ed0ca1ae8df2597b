//! What the columns of a spreadsheet mean, and the words people type in them, in English and
//! Dutch: headers compared without case, spaces, dashes or accents ("E-mailadres" is
//! `email`); roles, levels and methods as the app names them and as people shorten them.

use econnect_domain::{InvitationMethod, MembershipLevel, Role};
use unicode_normalization::UnicodeNormalization;

/// A column the importer reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Email,
    Name,
    Role,
    Organisations,
    Level,
    Method,
    /// Written by a results file or an export; read back and ignored without a mention.
    Informational,
}

/// The column names the export and the results file write, in this order. The importer
/// reads each of them back.
pub const EXPORT_HEADER: &[&str] = &[
    "email",
    "name",
    "role",
    "status",
    "organisations",
    "level",
    "relationship manager",
    "invited by",
    "invited at",
    "expires at",
];

/// `Email Address`, `E-mailadres`, `Rôle` → a comparable key: lower case, accents off, no
/// spaces, dashes, underscores or dots.
pub fn key(text: &str) -> String {
    text.nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .filter(|c| !matches!(c, ' ' | '-' | '_' | '.' | '\u{a0}'))
        .collect()
}

/// What a header cell names; `None` for a column the importer does not know.
pub fn column_of(header: &str) -> Option<Column> {
    let column = match key(header).as_str() {
        "email" | "emailaddress" | "emailadres" | "mail" | "mailadres" | "mailaddress"
        | "emailadress" | "address" | "adres" | "login" | "username" | "gebruikersnaam" => {
            Column::Email
        }
        "name" | "naam" | "fullname" | "volledigenaam" | "displayname" | "weergavenaam"
        | "person" | "persoon" | "medewerker" | "employee" => Column::Name,
        "role" | "rol" | "userrole" | "gebruikersrol" => Column::Role,
        "organisations" | "organisation" | "organizations" | "organization" | "organisaties"
        | "organisatie" | "org" | "orgs" | "administraties" | "administratie" => {
            Column::Organisations
        }
        "level" | "niveau" | "accesslevel" | "toegangsniveau" | "membershiplevel" => Column::Level,
        "method" | "methode" | "manier" | "invitationmethod" | "uitnodigingsmethode" => {
            Column::Method
        }
        "status"
        | "relationshipmanager"
        | "relatiebeheerder"
        | "invitedby"
        | "uitgenodigddoor"
        | "invitedat"
        | "uitgenodigdop"
        | "expiresat"
        | "verlooptop"
        | "result"
        | "resultaat"
        | "message"
        | "melding"
        | "line"
        | "regel"
        | "verdict"
        | "oordeel" => Column::Informational,
        _ => return None,
    };
    Some(column)
}

/// A role as people write it; an empty cell is `Basic`.
pub fn role_of(text: &str) -> Option<Role> {
    let role = match key(text).as_str() {
        "" | "basic" | "basicuser" | "basis" | "basisgebruiker" | "gebruiker" | "user" => {
            Role::Basic
        }
        "advanced"
        | "advanceduser"
        | "gevorderd"
        | "gevorderde"
        | "gevorderdegebruiker"
        | "geavanceerd"
        | "geavanceerde"
        | "geavanceerdegebruiker" => Role::Advanced,
        "administrator" | "admin" | "beheerder" | "administrateur" => Role::Administrator,
        _ => return None,
    };
    Some(role)
}

/// A membership level as people write it; an empty cell is `Member`.
pub fn level_of(text: &str) -> Option<MembershipLevel> {
    let level = match key(text).as_str() {
        "" | "member" | "lid" => MembershipLevel::Member,
        "administrator"
        | "admin"
        | "organisationadministrator"
        | "organizationadministrator"
        | "orgadmin"
        | "beheerder"
        | "organisatiebeheerder" => MembershipLevel::Administrator,
        _ => return None,
    };
    Some(level)
}

/// An invitation method as people write it; an empty cell is `None` (the run's default).
pub fn method_of(text: &str) -> Option<Option<InvitationMethod>> {
    let method = match key(text).as_str() {
        "" => None,
        "invite" | "email" | "invitation" | "uitnodigen" | "uitnodiging" | "mail" => {
            Some(InvitationMethod::Email)
        }
        "direct" | "directly" | "adddirectly" | "direkt" | "directtoevoegen" | "toevoegen" => {
            Some(InvitationMethod::Direct)
        }
        _ => return None,
    };
    Some(method)
}

/// A role as the importer writes it (and reads it back).
pub fn role_name(role: Role) -> &'static str {
    match role {
        Role::Basic => "Basic user",
        Role::Advanced => "Advanced user",
        Role::Administrator => "Administrator",
    }
}

/// A level as the importer writes it (and reads it back).
pub fn level_name(level: MembershipLevel) -> &'static str {
    match level {
        MembershipLevel::Member => "Member",
        MembershipLevel::Administrator => "Organisation administrator",
    }
}

/// The organisations of one cell: split on `|`, or else on `;` and `,` (the ones inside a
/// quoted cell), empty parts dropped.
pub fn split_organisations(cell: &str) -> Vec<String> {
    let parts: Vec<&str> = if cell.contains('|') {
        cell.split('|').collect()
    } else {
        cell.split([';', ',']).collect()
    };
    parts
        .into_iter()
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_matched_as_people_write_them() {
        for header in [
            "Email",
            "E-mail",
            "e-mailadres",
            "E-MAILADRES",
            "Mail",
            "Email Address",
        ] {
            assert_eq!(column_of(header), Some(Column::Email), "{header}");
        }
        for header in ["Naam", "Full name", "Volledige naam"] {
            assert_eq!(column_of(header), Some(Column::Name), "{header}");
        }
        assert_eq!(column_of("Rôle"), Some(Column::Role));
        assert_eq!(column_of("Organisaties"), Some(Column::Organisations));
        assert_eq!(column_of("Niveau"), Some(Column::Level));
        assert_eq!(column_of("Afdeling"), None);
        for header in EXPORT_HEADER {
            assert!(column_of(header).is_some(), "{header} is read back");
        }
    }

    #[test]
    fn role_words_in_both_languages() {
        for (text, role) in [
            ("Basic user", Role::Basic),
            ("Basisgebruiker", Role::Basic),
            ("", Role::Basic),
            ("ADVANCED", Role::Advanced),
            ("Gevorderde gebruiker", Role::Advanced),
            ("Geavanceerde gebruiker", Role::Advanced),
            ("admin", Role::Administrator),
            ("Beheerder", Role::Administrator),
        ] {
            assert_eq!(role_of(text), Some(role), "{text}");
        }
        assert_eq!(role_of("owner"), None);
        assert_eq!(
            level_of("Organisatiebeheerder"),
            Some(MembershipLevel::Administrator)
        );
        assert_eq!(level_of("Lid"), Some(MembershipLevel::Member));
        assert_eq!(method_of("Direct"), Some(Some(InvitationMethod::Direct)));
        assert_eq!(method_of("fax"), None);
    }

    #[test]
    fn organisation_cells_split_on_bars_or_separators() {
        assert_eq!(
            split_organisations("Finance | Retail"),
            ["Finance", "Retail"]
        );
        assert_eq!(
            split_organisations("Finance; Retail,"),
            ["Finance", "Retail"]
        );
        assert_eq!(split_organisations(" "), Vec::<String>::new());
    }
}
