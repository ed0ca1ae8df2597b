//! tauri.conf.json lives at the top of the repository (the design's layout), so the build
//! script is told where it is; the app's own commands are declared here so that the
//! capabilities can grant exactly these and nothing else.

fn main() {
    let attributes = tauri_build::Attributes::new()
        .config_path("../tauri.conf.json")
        .app_manifest(tauri_build::AppManifest::new().commands(&[
            "app_info",
            "list_environments",
            "environment_presets",
            "add_environment",
            "sign_in",
            "sign_in_local_sandbox",
            "user_counts",
            "sign_out",
            "remove_environment",
        ]));
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri build script failed: {error:#}");
    }
}
