//! Stamps the build with the commit it was made from (`ecadmin --version`).

fn main() {
    econnect_buildinfo::emit_commit();
}
