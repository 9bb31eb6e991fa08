//! Who is signed in, provided as context by `App`.

use crate::api::{Auth, Client};
use crate::storage::{self, StoredAuth};
use dashboards_core::model::User;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct SessionCtx {
    /// The API client; `None` while signed out.
    pub client: RwSignal<Option<Client>>,
    /// The signed-in user, once `/me` answered.
    pub user: RwSignal<Option<User>>,
    /// Set when the last sign-out was done here but InfluxDB did not end the session: what it
    /// said. The sign-in page shows it with a way to try again.
    pub signout_failed: RwSignal<Option<dashboards_core::ApiError>>,
}

impl SessionCtx {
    /// Starts from what `localStorage` remembers.
    pub fn restore() -> Self {
        let client = storage::load_auth().map(|a| {
            let auth = match a.token {
                Some(t) => Auth::Token(t),
                None => Auth::Session,
            };
            Client::new(a.origin, auth)
        });
        SessionCtx::new(client)
    }

    /// A session context starting from `client` (`None`: signed out).
    pub fn new(client: Option<Client>) -> Self {
        SessionCtx { client: RwSignal::new(client), user: RwSignal::new(None), signout_failed: RwSignal::new(None) }
    }

    /// Records a successful sign-in.
    pub fn signed_in(&self, client: Client, user: User) {
        storage::save_auth(&StoredAuth {
            origin: client.origin.clone(),
            token: match &client.auth {
                Auth::Token(t) => Some(t.clone()),
                Auth::Session => None,
            },
        });
        self.user.set(Some(user));
        self.client.set(Some(client));
    }

    /// Forgets the sign-in locally (the server session, if any, is ended by the caller).
    pub fn forget(&self) {
        storage::clear_auth();
        self.user.set(None);
        self.client.set(None);
    }

    /// Signs out here at once, then ends the server session (a cookie session only: a token
    /// has no session to end). If InfluxDB fails to end it, `signout_failed` says so.
    pub fn sign_out(&self) {
        let client = self.client();
        self.forget();
        if let Some(c @ Client { auth: Auth::Session, .. }) = client {
            self.end_server_session(c);
        }
    }

    /// `POST /signout` for the cookie session, recording a failure in `signout_failed`.
    pub fn end_server_session(&self, client: Client) {
        let failed = self.signout_failed;
        failed.set(None);
        leptos::task::spawn_local(async move {
            failed.set(client.signout().await.err());
        });
    }

    /// The client a write sends with, or the error it shows when the session is gone
    /// meanwhile ("sign in again"). Writes take the session's own client, not `use_client`'s:
    /// leaving the page must not cancel a change half-way.
    pub fn require_client(&self) -> Result<Client, dashboards_core::ApiError> {
        self.client().ok_or_else(|| dashboards_core::ApiError::Unauthorized { message: crate::copy::SIGNED_OUT.to_owned() })
    }

    /// The client; components under the signed-in shell can rely on it.
    pub fn client(&self) -> Option<Client> {
        self.client.get_untracked()
    }
}

pub fn use_session() -> SessionCtx {
    expect_context::<SessionCtx>()
}

/// An abort signal for the reads of the calling component: aborted when it goes away, so a
/// page left before its data came does not keep downloading it.
pub fn use_abort() -> Option<web_sys::AbortSignal> {
    let controller = web_sys::AbortController::new().ok()?;
    let signal = controller.signal();
    let controller = send_wrapper::SendWrapper::new(controller);
    on_cleanup(move || controller.abort());
    Some(signal)
}

/// The client for the calling component's reads (cancelled when it goes away).
pub fn use_client() -> Signal<Option<Client>> {
    let session = use_session();
    let abort = send_wrapper::SendWrapper::new(use_abort());
    Signal::derive(move || {
        session.client.get().map(|c| match abort.as_ref() {
            Some(signal) => c.with_abort(signal.clone()),
            None => c,
        })
    })
}

/// The organizations the signed-in user sees, reloaded when the sign-in changes.
pub fn use_orgs() -> LocalResource<Result<Vec<dashboards_core::model::Organization>, dashboards_core::ApiError>> {
    let client = use_client();
    LocalResource::new(move || {
        let client = client.get();
        async move {
            match client {
                Some(c) => c.list_orgs().await,
                None => Ok(Vec::new()),
            }
        }
    })
}
