//! The API's handlers, one module per resource.

pub mod audit;
pub mod changes;
pub mod invitations;
pub mod me;
pub mod organisations;
pub mod users;

use econnect_contract::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};

use crate::error::{ApiError, ApiResult};

/// The page size asked for, checked.
pub fn page_size(limit: Option<u32>) -> ApiResult<u32> {
    match limit {
        None => Ok(DEFAULT_PAGE_SIZE),
        Some(limit) if (1..=MAX_PAGE_SIZE).contains(&limit) => Ok(limit),
        Some(limit) => Err(ApiError::validation(format!(
            "limit must be between 1 and {MAX_PAGE_SIZE}, not {limit}"
        ))),
    }
}
