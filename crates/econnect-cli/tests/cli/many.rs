//! `ecadmin` over an accountant's practice: discover and add, sync all, find a person,
//! offboard everywhere with a plan and a result per environment, the access report.

use serde_json::Value;

use crate::{Setup, expect};

#[tokio::test]
async fn an_accountant_discovers_syncs_finds_and_offboards_across_clients() {
    let setup = Setup::with_seed(econnect_sandbox::Seed::Practice {
        clients: 5,
        users: 12,
    })
    .await;
    expect(&setup.add_environment().await, 0, "env add");
    let discovered = expect(
        &setup
            .run(setup.ecadmin(&["--env", "sandbox", "env", "discover", "--add", "--json"]))
            .await,
        0,
        "env discover --add",
    );
    let discovered: Value = serde_json::from_str(&discovered).unwrap();
    let items = discovered.as_array().unwrap();
    assert_eq!(items.len(), 5, "{discovered}");
    assert_eq!(items.iter().filter(|i| i["added"] == true).count(), 4);
    assert!(items.iter().all(|i| i["savedAs"].is_string()));
    // Again: all recognised.
    let again = expect(
        &setup
            .run(setup.ecadmin(&["--env", "sandbox", "env", "discover", "--add", "--json"]))
            .await,
        0,
        "env discover again",
    );
    let again: Value = serde_json::from_str(&again).unwrap();
    assert!(
        again
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["added"] == false),
        "{again}"
    );

    let synced = expect(
        &setup.run(setup.ecadmin(&["sync", "--all", "--json"])).await,
        0,
        "sync --all",
    );
    let synced: Value = serde_json::from_str(&synced).unwrap();
    assert_eq!(synced.as_array().unwrap().len(), 5);
    assert!(
        synced
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["status"] == "synced"),
        "{synced}"
    );

    let found = expect(
        &setup
            .run(setup.ecadmin(&["people", "find", "carla smit", "--json"]))
            .await,
        0,
        "people find",
    );
    let found: Value = serde_json::from_str(&found).unwrap();
    let rows = found.as_array().unwrap();
    assert_eq!(
        rows.len(),
        3,
        "Carla in the 1st, 3rd and 5th client: {found}"
    );
    for row in rows {
        for key in [
            "environment",
            "email",
            "name",
            "role",
            "status",
            "organisations",
        ] {
            assert!(row.get(key).is_some(), "{key} in {row}");
        }
        assert_eq!(row["role"], "advanced");
        assert!(row["organisations"][0]["level"].is_string(), "{row}");
    }

    let plan = setup
        .run(setup.ecadmin(&[
            "offboard",
            &setup.sandbox.info.admin_email,
            "--all-envs",
            "--dry-run",
            "--json",
        ]))
        .await;
    let plan_json = expect(
        &plan,
        1,
        "the accountant is the last administrator somewhere",
    );
    let plan: Value = serde_json::from_str(&plan_json).unwrap();
    let refused: Vec<&Value> = plan
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["result"] == "refused")
        .collect();
    assert_eq!(refused.len(), 1, "{plan}");
    assert_eq!(refused[0]["code"], "last_administrator");

    let run = expect(
        &setup
            .run(setup.ecadmin(&[
                "offboard",
                "carla.smit@salarisadvies.example",
                "--all-envs",
                "--yes",
                "--json",
            ]))
            .await,
        0,
        "offboard Carla",
    );
    let run: Value = serde_json::from_str(&run).unwrap();
    let results: Vec<&str> = run
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["result"].as_str().unwrap())
        .collect();
    assert_eq!(results.iter().filter(|r| **r == "done").count(), 3, "{run}");
    assert_eq!(
        results.iter().filter(|r| **r == "not-found").count(),
        2,
        "{run}"
    );

    let report_file = setup.home.path().join("access.csv");
    expect(
        &setup
            .run(setup.ecadmin(&[
                "report",
                "access",
                "--all-envs",
                "-o",
                report_file.to_str().unwrap(),
            ]))
            .await,
        0,
        "report access",
    );
    let report = std::fs::read_to_string(&report_file).unwrap();
    assert!(report.starts_with('\u{feff}'), "BOM for Excel");
    assert!(report.contains("\"Bakkerij de Vries BV\""), "quoted fields");
    assert!(!report.contains("carla.smit@"), "Carla is gone everywhere");
    assert!(report.contains("bas.bakker@boekhoudhulp.example"));
}
