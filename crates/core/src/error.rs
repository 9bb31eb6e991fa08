//! `ApiError`: what went wrong with a request, typed from the HTTP status and
//! InfluxDB's `{code, message}` body (`shared/api-contract.md` §0).

use crate::model::ErrorBody;
use std::fmt;

/// Matches every variant, binding its message: the one list of variants that carry one.
macro_rules! with_message_of {
    ($e:expr, $m:ident => $body:expr) => {
        match $e {
            ApiError::Invalid { message: $m }
            | ApiError::Unauthorized { message: $m }
            | ApiError::Forbidden { message: $m }
            | ApiError::NotFound { message: $m }
            | ApiError::Conflict { message: $m }
            | ApiError::Unprocessable { message: $m }
            | ApiError::TooLarge { message: $m }
            | ApiError::TooManyRequests { message: $m }
            | ApiError::Timeout { message: $m }
            | ApiError::Unavailable { message: $m }
            | ApiError::Server { message: $m, .. }
            | ApiError::Network { message: $m }
            | ApiError::Decode { message: $m }
            | ApiError::Validation { message: $m } => $body,
        }
    };
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// 400 `invalid` / `empty value`: the server refused the request as malformed.
    Invalid { message: String },
    /// 401: not signed in, the session expired, or (InfluxDB's way) a missing permission.
    Unauthorized { message: String },
    /// 403: an inactive user, or a password change is required.
    Forbidden { message: String },
    /// 404.
    NotFound { message: String },
    /// 422 `conflict` (InfluxDB's conflicts are 422, not 409): the name is taken, the label is
    /// already there.
    Conflict { message: String },
    /// 422 `unprocessable entity`.
    Unprocessable { message: String },
    /// 413.
    TooLarge { message: String },
    /// 429.
    TooManyRequests { message: String },
    /// 408 / 499: the server gave up waiting.
    Timeout { message: String },
    /// 503.
    Unavailable { message: String },
    /// 500 and every other status.
    Server { status: u16, message: String },
    /// The request never got an answer (server down, proxy misconfigured, offline).
    Network { message: String },
    /// The answer came but could not be read.
    Decode { message: String },
    /// The input was refused before any request was sent.
    Validation { message: String },
}

impl ApiError {
    /// Builds the error from a non-2xx answer. `code_header` is `X-Platform-Error-Code`.
    pub fn from_response(status: u16, body: &str, code_header: Option<&str>) -> Self {
        // influxd sometimes writes two error objects back to back (the outer error, then its
        // cause): read them all and join their messages.
        let bodies: Vec<ErrorBody> = serde_json::Deserializer::from_str(body).into_iter::<ErrorBody>().map_while(Result::ok).collect();
        let parsed: Option<ErrorBody> = match bodies.len() {
            0 => None,
            _ => Some(ErrorBody {
                code: bodies[0].code.clone(),
                message: bodies.iter().map(|b| b.message.as_str()).filter(|m| !m.is_empty()).collect::<Vec<_>>().join(": "),
            }),
        };
        let code = parsed
            .as_ref()
            .map(|b| b.code.clone())
            .filter(|c| !c.is_empty())
            .or_else(|| code_header.map(str::to_owned))
            .unwrap_or_default();
        let message = match parsed.map(|b| b.message).filter(|m| !m.is_empty()) {
            Some(m) => m,
            None => {
                let text = body.trim();
                if text.is_empty() || text.starts_with('<') {
                    // Empty or an HTML page from a proxy: say what the status means instead.
                    default_message(status).to_owned()
                } else {
                    text.chars().take(300).collect()
                }
            }
        };
        match (status, code.as_str()) {
            (_, "conflict") => ApiError::Conflict { message },
            (400, _) => ApiError::Invalid { message },
            (401, _) => ApiError::Unauthorized { message },
            (403, _) => ApiError::Forbidden { message },
            (404, _) => ApiError::NotFound { message },
            (408 | 499, _) => ApiError::Timeout { message },
            (413, _) => ApiError::TooLarge { message },
            (422, _) => ApiError::Unprocessable { message },
            (429, _) => ApiError::TooManyRequests { message },
            (503, _) => ApiError::Unavailable { message },
            _ => ApiError::Server { status, message },
        }
    }

    /// The server's (or our) message, as it was said.
    pub fn message(&self) -> &str {
        with_message_of!(self, message => message)
    }

    /// The same kind of error with another message (e.g. naming the step that failed).
    pub fn with_message(mut self, text: String) -> Self {
        with_message_of!(&mut self, message => *message = text);
        self
    }

    /// A short title a person understands, shown above the message.
    pub fn title(&self) -> &'static str {
        match self {
            ApiError::Invalid { .. } => "The server refused the request",
            ApiError::Unauthorized { .. } => "Not signed in, or not allowed",
            ApiError::Forbidden { .. } => "Access denied",
            ApiError::NotFound { .. } => "Not found",
            ApiError::Conflict { .. } => "Already exists",
            ApiError::Unprocessable { .. } => "The server could not apply the change",
            ApiError::TooLarge { .. } => "Too large",
            ApiError::TooManyRequests { .. } => "Too many requests",
            ApiError::Timeout { .. } => "The server timed out",
            ApiError::Unavailable { .. } => "InfluxDB is unavailable",
            ApiError::Server { .. } => "InfluxDB had an internal error",
            ApiError::Network { .. } => "Cannot reach InfluxDB",
            ApiError::Decode { .. } => "Unexpected answer from the server",
            ApiError::Validation { .. } => "Check your input",
        }
    }

    /// What the user can do about it.
    pub fn hint(&self) -> &'static str {
        match self {
            ApiError::Unauthorized { .. } => "Sign in again, or use a token with the needed permissions.",
            ApiError::Forbidden { .. } => "Ask an administrator to activate the account.",
            ApiError::NotFound { .. } => "It may have been deleted. Go back to the list.",
            ApiError::Conflict { .. } => "Choose another name.",
            ApiError::Network { .. } | ApiError::Unavailable { .. } | ApiError::Timeout { .. } => {
                "Check that InfluxDB is running and reachable, then try again."
            }
            ApiError::TooManyRequests { .. } => "Wait a moment, then try again.",
            ApiError::Server { .. } | ApiError::Decode { .. } => "Try again; if it persists, check the server's log.",
            ApiError::Validation { .. } | ApiError::Invalid { .. } | ApiError::Unprocessable { .. } | ApiError::TooLarge { .. } => {
                "Correct the input and try again."
            }
        }
    }

    /// True when signing in again is the way forward.
    pub fn needs_sign_in(&self) -> bool {
        matches!(self, ApiError::Unauthorized { .. })
    }

    /// True when the same request may succeed if sent again unchanged.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            ApiError::Network { .. }
                | ApiError::Timeout { .. }
                | ApiError::Unavailable { .. }
                | ApiError::TooManyRequests { .. }
                | ApiError::Server { .. }
        )
    }
}

fn default_message(status: u16) -> &'static str {
    match status {
        400 => "bad request",
        401 => "unauthorized access",
        403 => "forbidden",
        404 => "not found",
        405 => "method not allowed",
        413 => "request too large",
        422 => "unprocessable entity",
        429 => "too many requests",
        500 => "internal error",
        502 => "bad gateway: the proxy could not reach InfluxDB",
        503 => "service unavailable",
        504 => "gateway timeout: InfluxDB did not answer the proxy in time",
        _ => "unexpected status",
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.title(), self.message())
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_and_code_table() {
        let cases: &[(u16, &str, Option<&str>, ApiError)] = &[
            (
                400,
                r#"{"code":"invalid","message":"limit must be between 1 and 100"}"#,
                None,
                ApiError::Invalid { message: "limit must be between 1 and 100".into() },
            ),
            (
                401,
                r#"{"code":"unauthorized","message":"unauthorized access"}"#,
                None,
                ApiError::Unauthorized { message: "unauthorized access".into() },
            ),
            (
                422,
                r#"{"code":"conflict","message":"label with name cpu already exists"}"#,
                None,
                ApiError::Conflict { message: "label with name cpu already exists".into() },
            ),
            (
                422,
                r#"{"code":"unprocessable entity","message":"cannot replace cells that were not already present"}"#,
                None,
                ApiError::Unprocessable { message: "cannot replace cells that were not already present".into() },
            ),
            (404, "", Some("not found"), ApiError::NotFound { message: "not found".into() }),
            (
                502,
                "<html>Bad Gateway</html>",
                None,
                ApiError::Server { status: 502, message: "bad gateway: the proxy could not reach InfluxDB".into() },
            ),
            (
                500,
                "mapping for user x already exists",
                None,
                ApiError::Server { status: 500, message: "mapping for user x already exists".into() },
            ),
            (503, r#"{"code":"unavailable","message":"down"}"#, None, ApiError::Unavailable { message: "down".into() }),
        ];
        for (status, body, header, want) in cases {
            assert_eq!(&ApiError::from_response(*status, body, *header), want, "status {status} body {body}");
        }
    }

    #[test]
    fn two_error_objects_back_to_back_are_both_read() {
        // What influxd answers to a malformed POST /dashboards/{id}/labels.
        let body = "{\n\t\"code\": \"invalid\",\n\t\"message\": \"Invalid post label map request\"\n}{\n\t\"code\": \"invalid\",\n\t\"message\": \"label id is required\"\n}";
        let e = ApiError::from_response(400, body, Some("invalid"));
        assert_eq!(e, ApiError::Invalid { message: "Invalid post label map request: label id is required".into() });
    }

    #[test]
    fn conflict_is_recognised_from_the_header_too() {
        let e = ApiError::from_response(422, "", Some("conflict"));
        assert!(matches!(e, ApiError::Conflict { .. }));
    }
}
