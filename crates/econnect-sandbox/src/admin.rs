//! `/_sandbox/*`: run-time controls for tests and benchmarks, answered only on loopback.
//! Not part of the platform contract.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use econnect_contract::ErrorCode;

use crate::error::{ApiError, ApiJson};
use crate::faults::FaultConfig;
use crate::state::AppState;

fn loopback_only(peer: SocketAddr) -> Result<(), ApiError> {
    if peer.ip().is_loopback() {
        Ok(())
    } else {
        Err(ApiError::new(
            ErrorCode::Forbidden,
            "the sandbox's controls only answer on loopback",
        ))
    }
}

pub async fn get_faults(
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    State(state): State<AppState>,
) -> Response {
    match loopback_only(peer) {
        Ok(()) => Json(state.faults.config()).into_response(),
        Err(error) => error.into_response(),
    }
}

pub async fn put_faults(
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    State(state): State<AppState>,
    ApiJson(config): ApiJson<FaultConfig>,
) -> Response {
    if let Err(error) = loopback_only(peer) {
        return error.into_response();
    }
    if let Err(reason) = config.validate() {
        return ApiError::validation(reason.to_string()).into_response();
    }
    tracing::info!(?config, "faults changed");
    state.faults.set(config.clone());
    Json(config).into_response()
}

pub async fn get_stats(
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    State(state): State<AppState>,
) -> Response {
    match loopback_only(peer) {
        Ok(()) => Json(state.stats.snapshot()).into_response(),
        Err(error) => error.into_response(),
    }
}

pub async fn reset_stats(
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    State(state): State<AppState>,
) -> Response {
    match loopback_only(peer) {
        Ok(()) => {
            state.stats.reset();
            StatusCode::NO_CONTENT.into_response()
        }
        Err(error) => error.into_response(),
    }
}
