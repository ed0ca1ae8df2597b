//! Opening a cache that cannot be used as it is never deletes queued work: a cache written
//! by a newer app is left alone, an unusable one is moved aside and its outbox carried over,
//! a full or read-only disk leaves everything where it is.

use std::path::Path;

use econnect_contract::InvitationRequest;
use econnect_store::{Change, Store, StoreError};
use sqlx::Connection;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};

fn invite(email: &str) -> Change {
    Change::Invite {
        request: InvitationRequest {
            name: None,
            email: email.to_owned(),
            role: None,
            method: None,
            organisations: Vec::new(),
        },
    }
}

async fn raw(path: &Path) -> SqliteConnection {
    SqliteConnection::connect_with(&SqliteConnectOptions::new().filename(path))
        .await
        .unwrap()
}

/// The outbox rows of a cache file, read directly (not through the store).
async fn outbox_keys(path: &Path) -> Vec<String> {
    let mut conn = raw(path).await;
    let keys = sqlx::query_scalar::<_, String>("SELECT idempotency_key FROM outbox ORDER BY seq")
        .fetch_all(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    keys
}

async fn cache_with_queued_invitation(path: &Path) -> String {
    let store = Store::open(path).await.unwrap();
    store.enqueue(invite("queued@acme.example")).await.unwrap();
    let key = store.outbox().await.unwrap()[0].idempotency_key.clone();
    store.close().await;
    key
}

#[tokio::test]
async fn a_cache_written_by_a_newer_version_is_refused_and_left_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("env.sqlite3");
    let key = cache_with_queued_invitation(&path).await;
    let mut conn = raw(&path).await;
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, installed_on, success, checksum, execution_time) \
         VALUES (29991231000000, 'from the future', CURRENT_TIMESTAMP, 1, X'00', 0)",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    sqlx::query("UPDATE cache_meta SET value = '9.9.0' WHERE key = 'app_version'")
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();

    let refused = Store::open(&path).await.err().expect("refused");
    assert!(
        matches!(&refused, StoreError::NewerCache { version: Some(v), .. } if v == "9.9.0"),
        "{refused:?}"
    );
    let message = refused.to_string();
    assert!(
        message.contains("newer version")
            && message.contains("9.9.0")
            && message.contains("update"),
        "{message}"
    );
    assert_eq!(
        outbox_keys(&path).await,
        [key],
        "the queued change is still in the file"
    );
}

#[tokio::test]
async fn an_unusable_cache_is_moved_aside_and_its_outbox_carried_over() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("env.sqlite3");
    let key = cache_with_queued_invitation(&path).await;
    // A schema this app cannot migrate: a landed migration's checksum no longer matches.
    let mut conn = raw(&path).await;
    sqlx::query("UPDATE _sqlx_migrations SET checksum = X'00' WHERE version = (SELECT MIN(version) FROM _sqlx_migrations)")
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();

    let store = Store::open(&path).await.unwrap();
    let recovery = store.recovery().expect("rebuilt").clone();
    assert_eq!(recovery.n_carried_over, 1, "{recovery:?}");
    assert!(!recovery.outbox_unreadable);
    assert!(
        recovery.moved_to.exists(),
        "the old file is kept: {recovery:?}"
    );
    let outbox = store.outbox().await.unwrap();
    assert_eq!(outbox.len(), 1, "the queued invitation is queued again");
    assert_eq!(
        outbox[0].idempotency_key, key,
        "with its key, so it lands once"
    );
    assert_eq!(
        outbox_keys(&recovery.moved_to).await,
        [key],
        "and the old file still holds it"
    );
}

#[tokio::test]
async fn a_corrupt_cache_is_kept_aside_not_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("env.sqlite3");
    std::fs::write(
        &path,
        b"this is not a database, but it might be someone's only copy",
    )
    .unwrap();
    let store = Store::open(&path).await.unwrap();
    let recovery = store.recovery().expect("rebuilt").clone();
    assert!(recovery.outbox_unreadable, "{recovery:?}");
    assert_eq!(
        std::fs::read(&recovery.moved_to).unwrap(),
        b"this is not a database, but it might be someone's only copy",
        "kept as it was"
    );
    assert!(store.outbox().await.unwrap().is_empty());
}

/// A small filesystem of our own (tmpfs): full, then read-only. Needs root, as this
/// machine's tests run.
struct SmallDisk {
    mount_point: tempfile::TempDir,
}

impl SmallDisk {
    fn new(size: &str) -> Self {
        let mount_point = tempfile::tempdir().unwrap();
        let status = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(mount_point.path())
            .status()
            .expect("mount");
        assert!(
            status.success(),
            "mounting a tmpfs needs root (the test suite runs as root)"
        );
        Self { mount_point }
    }

    fn path(&self) -> &Path {
        self.mount_point.path()
    }

    fn remount(&self, mode: &str) {
        let status = std::process::Command::new("mount")
            .args(["-o", &format!("remount,{mode}")])
            .arg(self.path())
            .status()
            .unwrap();
        assert!(status.success(), "remount {mode}");
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg(self.mount_point.path())
            .status();
    }
}

#[tokio::test]
async fn a_full_or_read_only_disk_loses_no_queued_change() {
    let disk = SmallDisk::new("2m");
    let path = disk.path().join("env.sqlite3");
    let store = Store::open(&path).await.unwrap();
    store.enqueue(invite("first@acme.example")).await.unwrap();
    // Fill the disk.
    let filler = disk.path().join("filler");
    // (The write fails once the disk is full; what it wrote until then stays.)
    let _ = std::fs::write(&filler, vec![0u8; 4 * 1024 * 1024]);
    let mut queued = 1;
    let mut refused = 0;
    for n in 0..50 {
        match store
            .enqueue(invite(&format!("more{n}@acme.example")))
            .await
        {
            Ok(_) => queued += 1,
            Err(error) => {
                refused += 1;
                assert!(error.to_string().contains("full"), "{error}");
            }
        }
    }
    assert!(refused > 0, "the disk never filled up");
    assert_eq!(
        store.outbox().await.unwrap().len(),
        queued,
        "what the store says is queued is what it reported as queued"
    );
    store.close().await;
    assert_eq!(outbox_keys(&path).await.len(), queued, "and it is on disk");
    drop(store);
    // Opening on a full disk does not delete anything either.
    let reopened = Store::open(&path).await;
    if let Ok(reopened) = &reopened {
        assert!(reopened.recovery().is_none(), "nothing was moved aside");
        reopened.close().await;
    }
    drop(reopened);
    std::fs::remove_file(&filler).unwrap();
    assert_eq!(
        outbox_keys(&path).await.len(),
        queued,
        "every change that was queued is there"
    );

    // Read-only: opening fails or reads, but nothing is moved or deleted.
    disk.remount("ro");
    let read_only = Store::open(&path).await;
    assert!(
        !matches!(&read_only, Ok(store) if store.recovery().is_some()),
        "a read-only disk is not a broken cache"
    );
    drop(read_only);
    disk.remount("rw");
    assert_eq!(outbox_keys(&path).await.len(), queued, "still every change");
}

/// Writers in the same process at once (the background sync, an import, a change in the
/// window) each get their turn: a write transaction takes the write lock when it begins, so
/// none fails with "database is locked" after reading under another's commit.
#[tokio::test]
async fn concurrent_writers_wait_their_turn() {
    let dir = tempfile::tempdir().unwrap();
    let store = std::sync::Arc::new(Store::open(&dir.path().join("env.sqlite3")).await.unwrap());
    let mut writers = tokio::task::JoinSet::new();
    for writer in 0..4 {
        let store = store.clone();
        writers.spawn(async move {
            for n in 0..60 {
                store
                    .enqueue(invite(&format!("w{writer}.{n}@acme.example")))
                    .await?;
                if n % 3 == 0 {
                    let seq = store.outbox().await?.last().map(|entry| entry.seq);
                    if let Some(seq) = seq {
                        // Another writer may have taken it back already.
                        let _ = store.discard(seq).await;
                    }
                }
            }
            Ok::<(), StoreError>(())
        });
    }
    for result in writers.join_all().await {
        result.expect("every write got its turn");
    }
}

/// Many changes queued in one transaction: each is checked on its own; a refused one is left
/// out with its reason, the others are queued, in order.
#[tokio::test]
async fn many_changes_are_queued_at_once_and_a_refused_one_is_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("env.sqlite3")).await.unwrap();
    let results = store
        .enqueue_all(vec![
            invite("one@acme.example"),
            invite("not an address"),
            invite("two@acme.example"),
            invite("one@acme.example"),
        ])
        .await
        .unwrap();
    assert!(results[0].is_ok() && results[2].is_ok(), "{results:?}");
    assert!(
        matches!(&results[1], Err(StoreError::Refused { .. })),
        "{results:?}"
    );
    assert!(
        matches!(&results[3], Err(error) if error.to_string().contains("already")),
        "the same address again, refused after the first was recorded: {results:?}"
    );
    let queued: Vec<String> = store
        .outbox()
        .await
        .unwrap()
        .into_iter()
        .map(|entry| match entry.change {
            Change::Invite { request } => request.email,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(queued, ["one@acme.example", "two@acme.example"]);
}

/// A new cache opened from several places at once (the background sync creating it while a
/// search across environments reads it): each open waits its turn, none takes the others'
/// half-made tables for an unusable cache.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_cache_opened_from_several_places_at_once_is_made_once() {
    for round in 0..5 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("new-{round}.sqlite3"));
        let opens: Vec<_> = (0..6)
            .map(|_| {
                let path = path.clone();
                tokio::spawn(async move { Store::open(&path).await })
            })
            .collect();
        for open in opens {
            let store = open.await.unwrap().unwrap();
            assert_eq!(store.recovery(), None, "nothing moved aside");
            store.close().await;
        }
        let aside: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.contains("unusable"))
            .collect();
        assert!(aside.is_empty(), "{aside:?}");
    }
}
