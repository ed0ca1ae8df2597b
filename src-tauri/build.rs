//! tauri.conf.json lives at the top of the repository (the design's layout), so the build
//! script is told where it is; the app's own commands (`src/command_names.rs`) are declared
//! here so that the capabilities can grant exactly these and nothing else.

include!("src/command_names.rs");

fn main() {
    // The commit the build was made from, for the About in Settings.
    econnect_buildinfo::emit_commit();
    let attributes = tauri_build::Attributes::new()
        .config_path("../tauri.conf.json")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMAND_NAMES));
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri build script failed: {error:#}");
    }
}
