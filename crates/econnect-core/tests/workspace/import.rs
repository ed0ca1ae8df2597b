//! Onboarding from spreadsheets written the ways Excel writes them, against the real sandbox:
//! the verdict of every row, nothing sent by a preview, a run that lands every row once
//! (with faults on, cancelled half-way and re-run from its results file), and an export that
//! the importer reads back.

use econnect_api::BulkOptions;
use econnect_core::spreadsheet::{Separator, read_sheet};
use econnect_core::workspace::{ImportOptions, ImportPreview, RowResult, Verdict, results_sheet};
use econnect_core::{CoreError, Workspace};
use econnect_domain::{MembershipLevel, Role};
use econnect_sandbox::faults::FaultConfig;
use econnect_store::SearchQuery;

use crate::Setup;

fn verdicts(preview: &ImportPreview) -> Vec<(u64, Verdict, Option<&str>)> {
    preview
        .rows
        .iter()
        .map(|row| (row.line, row.verdict, row.code.as_deref()))
        .collect()
}

fn invitation_posts(setup: &Setup) -> u64 {
    setup
        .sandbox()
        .stats()
        .routes
        .get("POST /api/v1/invitations")
        .map_or(0, |route| route.requests)
}

async fn preview(workspace: &Workspace, bytes: &[u8]) -> ImportPreview {
    workspace
        .preview_import(bytes, &ImportOptions::default())
        .await
        .unwrap()
}

fn crlf(lines: &[&str]) -> String {
    lines.iter().map(|line| format!("{line}\r\n")).collect()
}

/// Excel on a Dutch Windows, "CSV UTF-8": a BOM, `;`, CRLF, Dutch headers and words, and a
/// mix of good and bad rows.
#[tokio::test]
async fn a_dutch_excel_file_gets_a_verdict_per_row_and_a_preview_sends_nothing() {
    let setup = Setup::new().await;
    let workspace = setup.workspace().await;
    let text = crlf(&[
        "E-mailadres;Naam;Rol;Organisaties;Niveau;Afdeling",
        "nieuw.lid@acme.example;Nieuw Lid;Basisgebruiker;Acme Finance;Lid;Inkoop;extra",
        "\"rob.boekhouder@acme.example\";\"Boekhouder, Rob\";Gevorderde gebruiker;\"Acme Finance; Acme Retail BV\";Organisatiebeheerder;",
        "geen-adres;X;Basisgebruiker;;;",
        "iemand@acme.example;Iemand;Eigenaar;;;",
        "ander@acme.example;Ander;;Acme Nergens;;",
        "nieuw.lid@acme.example;Nog eens;;;;",
        ";Zonder adres;;;;",
        "bram.devries@acme.example;Bram de Vries;Gevorderde gebruiker;Acme Finance;Lid;",
        "gina.peters@acme.example;;;;;",
        "eva.smit@acme.example;Eva Smit;;;;",
        "prive@gmail.com;Privé;;;;",
        "",
        "baas@acme.example;Baas;Beheerder;;;;;",
    ]);
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend_from_slice(text.as_bytes());
    setup.sandbox().reset_stats();
    let preview = preview(&workspace, &bytes).await;
    assert_eq!(preview.encoding, "UTF-8");
    assert_eq!(preview.separator, "semicolon");
    assert!(preview.has_header);
    assert_eq!(preview.ignored_columns, ["Afdeling", "column 7"]);
    assert_eq!(
        verdicts(&preview),
        [
            (2, Verdict::Invite, None),
            (3, Verdict::Invite, None),
            (4, Verdict::Error, Some("invalid_email")),
            (5, Verdict::Error, Some("unknown_role")),
            (6, Verdict::Error, Some("unknown_organisation")),
            (7, Verdict::Error, Some("duplicate")),
            (8, Verdict::Error, Some("missing_email")),
            (9, Verdict::Update, Some("existing_user")),
            (10, Verdict::Skip, Some("already_invited")),
            (11, Verdict::Skip, Some("same_access")),
            (12, Verdict::Warning, Some("free_mail")),
            (14, Verdict::Warning, Some("administrator")),
        ]
    );
    let rob = &preview.rows[1];
    assert_eq!(rob.name.as_deref(), Some("Boekhouder, Rob"));
    assert_eq!(rob.role, Role::Advanced);
    let grants: Vec<(&str, MembershipLevel)> = rob
        .organisations
        .iter()
        .map(|grant| (grant.name.as_str(), grant.level))
        .collect();
    assert_eq!(
        grants,
        [
            ("Acme Finance", MembershipLevel::Administrator),
            ("Acme Retail BV", MembershipLevel::Administrator)
        ]
    );
    assert!(
        preview.rows[5].message.contains("line 2"),
        "{}",
        preview.rows[5].message
    );
    assert_eq!(
        preview.rows[7].message,
        "existing user: role Basic user → Advanced user"
    );
    assert_eq!(preview.counts.error, 5);
    assert_eq!(invitation_posts(&setup), 0, "a preview sends nothing");

    // Run without updating existing users: the new addresses land, with their names.
    let results = workspace
        .run_import(&preview, false, &BulkOptions::default(), &mut |_, _| {})
        .await
        .unwrap();
    let by_line = |line: u64| results.iter().find(|row| row.row.line == line).unwrap();
    assert_eq!(by_line(2).result, RowResult::Sent);
    assert_eq!(by_line(3).result, RowResult::Sent);
    assert_eq!(by_line(4).result, RowResult::Failed);
    assert_eq!(
        by_line(9).result,
        RowResult::Skipped,
        "existing users only when asked"
    );
    assert_eq!(invitation_posts(&setup), 4);
    let rob_now = workspace
        .client()
        .all_users(&Default::default())
        .await
        .unwrap()
        .into_iter()
        .find(|user| user.email.as_str() == "rob.boekhouder@acme.example")
        .unwrap();
    assert_eq!(
        rob_now.name.as_deref(),
        Some("Boekhouder, Rob"),
        "the proposed name"
    );
    assert_eq!(rob_now.memberships.len(), 2);

    // The same file again, now updating existing users: Bram becomes Advanced.
    let again = self::preview(&workspace, &bytes).await;
    assert_eq!(
        again.rows[0].verdict,
        Verdict::Skip,
        "invited by the first run"
    );
    let results = workspace
        .run_import(&again, true, &BulkOptions::default(), &mut |_, _| {})
        .await
        .unwrap();
    assert_eq!(results[7].result, RowResult::Sent, "{:?}", results[7]);
    let bram = workspace
        .store()
        .user_by_email("bram.devries@acme.example")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(bram.role, Role::Advanced);
}

/// Excel's "Unicode text": UTF-16 LE with a BOM, tab-separated; and Excel's "CSV" on a
/// German Windows: Windows-1252 with accents, a quoted field over two lines, no BOM.
#[tokio::test]
async fn utf16_and_windows_1252_files_are_read_as_written() {
    let setup = Setup::new().await;
    let workspace = setup.workspace().await;
    let text = crlf(&[
        "Email\tName\tRole",
        "zoe.zimmer@acme.example\tZoë Zimmer\tadvanced",
        "formula@acme.example\t=HYPERLINK(\"http://x\")\tbasic",
    ]);
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let preview = preview(&workspace, &utf16).await;
    assert_eq!(
        (preview.encoding.as_str(), preview.separator.as_str()),
        ("UTF-16LE", "tab")
    );
    assert_eq!(preview.rows[0].name.as_deref(), Some("Zoë Zimmer"));
    assert_eq!(preview.rows[0].verdict, Verdict::Invite);
    assert_eq!(
        preview.rows[1].name.as_deref(),
        Some("=HYPERLINK(\"http://x\")")
    );

    let text = crlf(&[
        "E-Mail,Name,Notiz",
        "jose.muller@acme.example,José Müller,\"zwei",
        "Zeilen\"",
        "rene@acme.example,René Weiß,",
    ]);
    let (latin, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
    let preview = self::preview(&workspace, &latin).await;
    assert_eq!(preview.encoding, "windows-1252");
    assert_eq!(preview.ignored_columns, ["Notiz"]);
    assert_eq!(preview.rows[0].name.as_deref(), Some("José Müller"));
    assert_eq!(preview.rows[1].line, 4, "the quoted field took two lines");
    assert_eq!(preview.rows[1].name.as_deref(), Some("René Weiß"));
}

#[tokio::test]
async fn files_that_are_not_spreadsheets_get_one_clear_message() {
    let setup = Setup::new().await;
    let workspace = setup.workspace().await;
    let refused = |bytes: &'static [u8]| {
        let workspace = &workspace;
        async move {
            workspace
                .preview_import(bytes, &ImportOptions::default())
                .await
                .expect_err("refused")
                .to_string()
        }
    };
    assert!(refused(b"").await.contains("empty"));
    assert!(refused(b" \r\n\r\n").await.contains("empty"));
    assert!(
        refused(b"PK\x03\x04\x14\x00\x06\x00")
            .await
            .contains("Excel workbook")
    );
    assert!(
        refused(b"email;name\r\n")
            .await
            .contains("nothing under it")
    );
    assert!(
        refused(b"Naam;Afdeling\r\nPiet;Inkoop\r\n")
            .await
            .contains("no email column")
    );
    assert!(
        refused(b"a\x00b\x00\x01\x02\x03\x04\x05\x06c")
            .await
            .contains("not a text file")
    );
    let too_big = econnect_core::spreadsheet::check_size(60 * 1024 * 1024).unwrap_err();
    assert!(too_big.to_string().contains("50 MB"), "{too_big}");
    assert!(matches!(
        workspace
            .preview_import(b"", &ImportOptions::default())
            .await,
        Err(CoreError::Sheet(_))
    ));
}

/// A file of addresses without a header works too.
#[tokio::test]
async fn a_column_of_addresses_without_a_header() {
    let setup = Setup::new().await;
    let workspace = setup.workspace().await;
    let preview = preview(
        &workspace,
        b"one@acme.example\ntwo@acme.example\n\nthree@acme.example\n",
    )
    .await;
    assert!(!preview.has_header);
    assert_eq!(
        verdicts(&preview),
        [
            (1, Verdict::Invite, None),
            (2, Verdict::Invite, None),
            (4, Verdict::Invite, None)
        ]
    );
}

/// 1,000 rows with faults on land exactly once; a run cancelled half-way and re-run from its
/// results file sends only what did not land, and still nobody twice.
#[tokio::test]
async fn a_thousand_rows_with_faults_land_once_also_after_cancel_and_retry() {
    let setup = Setup::new().await;
    let admin = setup.sandbox().info.admin_email.clone();
    let workspace = setup.workspace_with(&admin, "Patient", 6).await;
    let mut text = String::from("email,name,role\n");
    for n in 0..1000 {
        text.push_str(&format!("person{n:04}@acme.example,Person {n},basic\n"));
    }
    let preview = self::preview(&workspace, text.as_bytes()).await;
    assert_eq!(preview.counts.invite, 1000);
    setup.sandbox().set_faults(FaultConfig {
        error_rate: 0.1,
        reset_rate: 0.05,
        ..FaultConfig::default()
    });
    let options = BulkOptions::default();
    let cancel = options.cancel.clone();
    let mut cancelled_at = None;
    let results = workspace
        .run_import(&preview, false, &options, &mut |done, total| {
            if done >= total / 2 && cancelled_at.is_none() {
                cancelled_at = Some(done);
                cancel.cancel();
            }
        })
        .await
        .unwrap();
    let sent = results
        .iter()
        .filter(|row| row.result == RowResult::Sent)
        .count();
    let not_sent = results
        .iter()
        .filter(|row| row.result_message.contains("cancelled"))
        .count();
    assert!(
        sent >= 450 && not_sent > 0 && sent + not_sent <= 1000,
        "sent {sent}, not sent {not_sent}, cancelled at {cancelled_at:?}"
    );

    // Re-run from the results file: only the rows that did not land are sent.
    let results_file = results_sheet(&results, Separator::Comma).unwrap();
    let again = self::preview(&workspace, &results_file).await;
    let to_send = again.counts.invite;
    assert!(
        to_send >= not_sent && to_send <= 1000 - sent,
        "{:?}",
        again.counts
    );
    assert_eq!(again.counts.skip, 1000 - to_send, "{:?}", again.counts);
    let retried = workspace
        .run_import(&again, false, &BulkOptions::default(), &mut |_, _| {})
        .await
        .unwrap();
    assert!(
        retried.iter().all(|row| row.result != RowResult::Failed),
        "{:?}",
        retried.iter().find(|row| row.result == RowResult::Failed)
    );
    setup.sandbox().set_faults(FaultConfig::default());
    let users = workspace
        .client()
        .all_users(&Default::default())
        .await
        .unwrap();
    let people: Vec<&str> = users
        .iter()
        .map(|user| user.email.as_str())
        .filter(|email| email.starts_with("person"))
        .collect();
    let unique: std::collections::HashSet<&&str> = people.iter().collect();
    assert_eq!(people.len(), 1000, "every row landed");
    assert_eq!(unique.len(), 1000, "nobody twice");
}

/// What the export writes, the importer reads back as the same people and access; formula
/// cells are neutralised on the way out.
#[tokio::test]
async fn an_export_round_trips_through_the_importer() {
    let setup = Setup::new().await;
    let workspace = setup.workspace().await;
    let file = "email,name,organisations\nformula@acme.example,=HYPERLINK(\"http://evil\"),Acme Finance (Organisation administrator) | Acme Holding\n";
    let preview = self::preview(&workspace, file.as_bytes()).await;
    workspace
        .run_import(&preview, false, &BulkOptions::default(), &mut |_, _| {})
        .await
        .unwrap();
    workspace.sync().await.unwrap();
    let exported = workspace
        .export_users(&SearchQuery::default(), Separator::Semicolon)
        .await
        .unwrap();
    assert!(
        exported.starts_with("\u{feff}".as_bytes()),
        "a BOM for Excel"
    );
    let text = String::from_utf8(exported.clone()).unwrap();
    assert!(text.contains("\r\n"), "CRLF");
    assert!(
        text.contains("\"'=HYPERLINK"),
        "the formula is neutralised: {text}"
    );
    assert!(!text.contains(";\"=HYPERLINK"));
    let sheet = read_sheet(&exported).unwrap();
    assert_eq!(sheet.separator, Separator::Semicolon);
    let back = self::preview(&workspace, &exported).await;
    let n_users = workspace.store().status_counts().await.unwrap().total as usize;
    assert_eq!(back.rows.len(), n_users);
    assert!(
        back.rows
            .iter()
            .all(|row| matches!(row.verdict, Verdict::Skip)),
        "{:?}",
        back.rows.iter().find(|row| row.verdict != Verdict::Skip)
    );
    let formula = back
        .rows
        .iter()
        .find(|row| row.email == "formula@acme.example")
        .unwrap();
    assert_eq!(formula.name.as_deref(), Some("=HYPERLINK(\"http://evil\")"));
    let levels: Vec<(&str, MembershipLevel)> = formula
        .organisations
        .iter()
        .map(|grant| (grant.name.as_str(), grant.level))
        .collect();
    assert_eq!(
        levels,
        [
            ("Acme Finance", MembershipLevel::Administrator),
            ("Acme Holding", MembershipLevel::Member)
        ]
    );
}
