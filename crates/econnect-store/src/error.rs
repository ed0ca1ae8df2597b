#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the offline cache failed: {0}")]
    Database(#[from] sqlx::Error),
    #[error("the offline cache could not be migrated or rebuilt at {path}: {reason}")]
    Unusable {
        path: std::path::PathBuf,
        reason: String,
    },
    #[error(
        "the cache holds a record it cannot read ({0}); it will be rebuilt on the next full sync"
    )]
    Corrupt(String),
    #[error("{0}")]
    Refused(String),
    #[error("no such user in the cache: {0}")]
    UnknownUser(String),
    #[error(transparent)]
    Api(#[from] econnect_api::ApiError),
}

impl From<serde_json::Error> for StoreError {
    fn from(error: serde_json::Error) -> Self {
        StoreError::Corrupt(error.to_string())
    }
}
