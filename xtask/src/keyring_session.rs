//! Runs a command inside a private D-Bus session with an unlocked GNOME Keyring, so that the
//! keychain tests use the real Secret Service without touching the developer's own keyring.
//! Both the bus and the keyring daemon stop when the command ends, also when it fails.

use std::process::Command;

use crate::shell;

/// The wrapper script: start gnome-keyring-daemon unlocked (its keyrings in a throw-away
/// folder), wait until it owns org.freedesktop.secrets, run the command, stop the daemon.
const SCRIPT: &str = r#"
set -u
export XDG_DATA_HOME="$KEYRING_HOME/data" XDG_CONFIG_HOME="$KEYRING_HOME/config" XDG_RUNTIME_DIR="$KEYRING_HOME"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME"
printf '%s' "$KEYRING_PASSWORD" | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
keyring_pid=$!
trap 'kill $keyring_pid 2>/dev/null; wait $keyring_pid 2>/dev/null' EXIT
for _ in $(seq 1 100); do
  if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
       org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; then
    break
  fi
  sleep 0.1
done
"$@"
"#;

/// `program args…`, run inside the keyring session.
pub fn wrap(program: &str, args: &[&str]) -> Command {
    let keyring_home = shell::repo_root().join("target/keyring-session");
    let _ = std::fs::remove_dir_all(&keyring_home);
    let _ = std::fs::create_dir_all(&keyring_home);
    let mut command = shell::command("dbus-run-session");
    command
        .args(["--", "bash", "-c", SCRIPT, "keyring-session", program])
        .args(args)
        .env("KEYRING_HOME", &keyring_home)
        .env("KEYRING_PASSWORD", "econnect-admin-tests");
    command
}
