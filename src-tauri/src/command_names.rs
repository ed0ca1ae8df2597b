// The app's commands, by name: the one list `build.rs` declares to Tauri (so that the
// capabilities can grant exactly these) and that the test in `bindings.rs` checks against
// `collect_commands!` and `capabilities/main-window.json`. Included by `build.rs` too, so it
// holds nothing but this constant.

/// Every `#[tauri::command]` of the app, as the UI invokes it.
pub const COMMAND_NAMES: &[&str] = &[
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
    "import_preview",
    "import_rows",
    "import_run",
    "import_retry_failed",
    "cancel_operation",
    "export_users",
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
];
