//! tauri.conf.json lives at the top of the repository (the design's layout), so the build
//! script is told where it is; the app's own commands are declared here so that the
//! capabilities can grant exactly these and nothing else.

fn main() {
    let attributes = tauri_build::Attributes::new()
        .config_path("../tauri.conf.json")
        .app_manifest(tauri_build::AppManifest::new().commands(&[
            "app_info",
            "overview_shown",
            "list_environments",
            "environment_presets",
            "add_environment",
            "remove_environment",
            "sign_in",
            "sign_in_local_sandbox",
            "current_session",
            "sign_out",
            "search_users",
            "overview_counts",
            "user_detail",
            "apply_changes",
            "check_addresses",
            "invite",
            "offboard",
            "clear_ineffective_relationship_managers",
            "organisations",
            "organisation_members",
            "audit_events",
            "connection_state",
            "sync_now",
            "pending_changes",
            "resolve_change",
            "local_sandbox_status",
            "stop_local_sandbox",
            "start_local_sandbox",
        ]));
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri build script failed: {error:#}");
    }
}
