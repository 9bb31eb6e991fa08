//! Fault injection for tests (`--faults`): `POST /debug/faults` makes the next `count`
//! API requests that match fail with a given status/code/message, be delayed, or lose their
//! connection.
//!
//! ```text
//! POST /debug/faults {"method":"PATCH","path":"/api/v2/dashboards/","count":1,
//!                     "status":500,"code":"internal error","message":"disk full","delayMs":0}
//! POST /debug/faults {"path":"/api/v2/dashboards","drop":true}
//! ```
//! `path` matches as a prefix; `method` is optional; `count` defaults to 1. The body may also be
//! an array of rules. `GET` lists the rules, `DELETE` clears them.
//!
//! - `status` 0 (the default) with `delayMs`: the request is only delayed, then answered.
//! - `drop: true`: the request gets no answer at all; its connection is closed without a byte
//!   of the answer written (after `delayMs`, if set), and the request is not handled, so
//!   nothing changes. The client sees a network error, not a status. `status`, `code` and
//!   `message` are ignored. It works in every build profile: the connection is one of
//!   `CutListener`'s, which the middleware tells to fail its next write, and hyper then gives up
//!   the connection (no panic, no unwinding). A client may resend a request whose reused
//!   keep-alive connection closed before any byte of the answer (browsers do; ureq does for
//!   idempotent methods), so a rule that must also fail that resend needs `count` 2 or more.

use crate::error::ApiErr;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::connect_info::{ConnectInfo, Connected};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

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
    /// Close the connection without answering.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub drop: bool,
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
    if rule.drop {
        return match req.extensions().get::<ConnectInfo<CutSwitch>>() {
            Some(ConnectInfo(switch)) => {
                switch.cut();
                // Never written: the connection fails on its first write of this answer.
                let mut res = StatusCode::INTERNAL_SERVER_ERROR.into_response();
                res.extensions_mut().insert(Dropped);
                res
            }
            None => ApiErr::internal("a drop fault needs the dev server's own listener (influx_devserver::serve)").into_response(),
        };
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

#[derive(Default, Deserialize)]
struct ExpireRequest {
    /// Only this user's sessions (by name); all when absent.
    #[serde(default)]
    user: Option<String>,
}

/// `POST /debug/sessions/expire`: the sessions end now, as if their time had run out.
pub async fn expire_sessions(State(state): State<AppState>, body: Bytes) -> Response {
    if state.inner.faults.is_none() {
        return StatusCode::NOT_FOUND.into_response();
    }
    let req: ExpireRequest = if body.iter().all(u8::is_ascii_whitespace) {
        ExpireRequest::default()
    } else {
        match serde_json::from_slice(&body) {
            Ok(r) => r,
            Err(e) => return ApiErr::invalid(format!("bad expire request: {e}")).into_response(),
        }
    };
    let mut store = state.store();
    let user_id = match &req.user {
        Some(name) => match store.user_by_name(name) {
            Some(u) => Some(u.id.clone()),
            None => return ApiErr::not_found(format!("user {name} not found")).into_response(),
        },
        None => None,
    };
    let mut expired = 0;
    for s in store.sessions.values_mut().filter(|s| user_id.as_ref().is_none_or(|u| &s.user_id == u)) {
        // Left in place, past its end: the next request with its cookie finds it expired.
        s.expires_at = 0;
        expired += 1;
    }
    Json(serde_json::json!({ "expired": expired })).into_response()
}

/// Marks the answer of a dropped request (for the request log).
#[derive(Clone, Copy, Debug)]
pub struct Dropped;

/// The dev server's listener: plain TCP, except that each connection can be cut (see `drop`).
pub struct CutListener(pub TcpListener);

/// An accepted connection; once cut, every read and write fails, so hyper closes it.
pub struct CutStream {
    io: TcpStream,
    cut: Arc<AtomicBool>,
}

/// The switch of one connection, given to each of its requests as `ConnectInfo<CutSwitch>`.
#[derive(Clone, Debug)]
pub struct CutSwitch(Arc<AtomicBool>);

impl CutSwitch {
    pub fn cut(&self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

impl axum::serve::Listener for CutListener {
    type Io = CutStream;
    type Addr = std::net::SocketAddr;

    async fn accept(&mut self) -> (CutStream, std::net::SocketAddr) {
        let (io, addr) = axum::serve::Listener::accept(&mut self.0).await;
        (CutStream { io, cut: Arc::default() }, addr)
    }

    fn local_addr(&self) -> io::Result<std::net::SocketAddr> {
        self.0.local_addr()
    }
}

impl Connected<axum::serve::IncomingStream<'_, CutListener>> for CutSwitch {
    fn connect_info(stream: axum::serve::IncomingStream<'_, CutListener>) -> Self {
        CutSwitch(stream.io().cut.clone())
    }
}

impl CutStream {
    fn check(&self) -> io::Result<()> {
        if self.cut.load(Ordering::SeqCst) {
            Err(io::Error::new(io::ErrorKind::ConnectionAborted, "connection dropped by a fault rule"))
        } else {
            Ok(())
        }
    }
}

impl AsyncRead for CutStream {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        self.check()?;
        Pin::new(&mut self.io).poll_read(cx, buf)
    }
}

impl AsyncWrite for CutStream {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        self.check()?;
        Pin::new(&mut self.io).poll_write(cx, buf)
    }

    fn poll_write_vectored(mut self: Pin<&mut Self>, cx: &mut Context<'_>, bufs: &[io::IoSlice<'_>]) -> Poll<io::Result<usize>> {
        self.check()?;
        Pin::new(&mut self.io).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.check()?;
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}
