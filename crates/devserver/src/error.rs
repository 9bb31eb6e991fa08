//! InfluxDB's error answers: `{code, message}` with the code repeated in
//! `X-Platform-Error-Code`, and the status the real server gives each code (contract §0).

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use std::borrow::Cow;

#[derive(Debug, Clone, PartialEq)]
pub struct ApiErr {
    pub status: StatusCode,
    pub code: Cow<'static, str>,
    pub message: String,
}

pub type ApiResult<T> = Result<T, ApiErr>;

impl ApiErr {
    pub fn new(status: StatusCode, code: impl Into<Cow<'static, str>>, message: impl Into<String>) -> Self {
        ApiErr { status, code: code.into(), message: message.into() }
    }
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid", message)
    }
    pub fn unauthorized() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthorized", "unauthorized access")
    }
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", message)
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not found", message)
    }
    /// InfluxDB answers a conflict with 422, not 409.
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, "conflict", message)
    }
    pub fn unprocessable(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, "unprocessable entity", message)
    }
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal error", message)
    }
    /// What a missing or unreadable dashboard makes the labels/members/owners routes say.
    pub fn page_not_found() -> Self {
        Self::not_found("404 page not found")
    }

    /// The status a code stands for on the real server.
    pub fn status_of(code: &str) -> StatusCode {
        match code {
            "invalid" | "empty value" => StatusCode::BAD_REQUEST,
            "unauthorized" => StatusCode::UNAUTHORIZED,
            "forbidden" => StatusCode::FORBIDDEN,
            "not found" => StatusCode::NOT_FOUND,
            "method not allowed" => StatusCode::METHOD_NOT_ALLOWED,
            "request too large" => StatusCode::PAYLOAD_TOO_LARGE,
            "unprocessable entity" | "conflict" => StatusCode::UNPROCESSABLE_ENTITY,
            "too many requests" => StatusCode::TOO_MANY_REQUESTS,
            "not implemented" => StatusCode::NOT_IMPLEMENTED,
            "unavailable" => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for ApiErr {
    fn into_response(self) -> Response {
        let mut res = (self.status, axum::Json(json!({"code": self.code, "message": self.message}))).into_response();
        if let Ok(v) = HeaderValue::from_str(&self.code) {
            res.headers_mut().insert("X-Platform-Error-Code", v);
        }
        res
    }
}

/// Checks an id from a path or body as the server does.
pub fn parse_id(s: &str) -> ApiResult<String> {
    if s.len() != 16 {
        return Err(ApiErr::invalid("id must have a length of 16 bytes"));
    }
    if dashboards_core::model::check_id(s).is_err() {
        return Err(ApiErr::invalid("invalid ID"));
    }
    Ok(s.to_owned())
}
