//! Fault injection for tests (`--faults`): `POST /debug/faults` makes the next `count`
//! API requests that match fail with a given status/code/message, or be delayed.
//!
//! ```text
//! POST /debug/faults {"method":"PATCH","path":"/api/v2/dashboards/","count":1,
//!                     "status":500,"code":"internal error","message":"disk full","delayMs":0}
//! ```
//! `path` matches as a prefix; `method` is optional. `GET` lists the rules, `DELETE` clears them.

use crate::error::ApiErr;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use std::sync::Mutex;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Rule {
    #[serde(default)]
    pub method: Option<String>,
    #[serde(default)]
    pub path: String,
    #[serde(default = "one")]
    pub count: u32,
    /// 0: do not fail, only delay.
    #[serde(default)]
    pub status: u16,
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default, rename = "delayMs")]
    pub delay_ms: u64,
}

fn one() -> u32 {
    1
}

#[derive(Default)]
pub struct Faults {
    rules: Mutex<Vec<Rule>>,
}

impl Faults {
    /// Takes one use of the first rule matching this request.
    fn take(&self, method: &str, path: &str) -> Option<Rule> {
        let mut rules = self.rules.lock().unwrap_or_else(|p| p.into_inner());
        let i = rules
            .iter()
            .position(|r| r.count > 0 && path.starts_with(&r.path) && r.method.as_deref().is_none_or(|m| m.eq_ignore_ascii_case(method)))?;
        rules[i].count -= 1;
        let rule = rules[i].clone();
        if rules[i].count == 0 {
            rules.remove(i);
        }
        Some(rule)
    }
}

pub async fn inject(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let Some(faults) = &state.inner.faults else { return next.run(req).await };
    let Some(rule) = faults.take(req.method().as_str(), &crate::original_path(&req)) else { return next.run(req).await };
    if rule.delay_ms > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(rule.delay_ms)).await;
    }
    if rule.status == 0 {
        return next.run(req).await;
    }
    let status = StatusCode::from_u16(rule.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let code: String = match rule.code.as_deref().unwrap_or("") {
        "" => match status.as_u16() {
            400 => "invalid",
            401 => "unauthorized",
            403 => "forbidden",
            404 => "not found",
            422 => "unprocessable entity",
            429 => "too many requests",
            503 => "unavailable",
            _ => "internal error",
        }
        .to_owned(),
        other => other.to_owned(),
    };
    let message = rule.message.unwrap_or_else(|| "injected fault".into());
    ApiErr::new(status, code, message).into_response()
}

pub async fn add(State(state): State<AppState>, body: Bytes) -> Response {
    let Some(faults) = &state.inner.faults else { return StatusCode::NOT_FOUND.into_response() };
    let rules: Vec<Rule> =
        match serde_json::from_slice::<Vec<Rule>>(&body).or_else(|_| serde_json::from_slice::<Rule>(&body).map(|r| vec![r])) {
            Ok(r) => r,
            Err(e) => return ApiErr::invalid(format!("bad fault rule: {e}")).into_response(),
        };
    faults.rules.lock().unwrap_or_else(|p| p.into_inner()).extend(rules);
    StatusCode::CREATED.into_response()
}

pub async fn list(State(state): State<AppState>) -> Response {
    let Some(faults) = &state.inner.faults else { return StatusCode::NOT_FOUND.into_response() };
    Json(faults.rules.lock().unwrap_or_else(|p| p.into_inner()).clone()).into_response()
}

pub async fn clear(State(state): State<AppState>) -> Response {
    let Some(faults) = &state.inner.faults else { return StatusCode::NOT_FOUND.into_response() };
    faults.rules.lock().unwrap_or_else(|p| p.into_inner()).clear();
    StatusCode::NO_CONTENT.into_response()
}
