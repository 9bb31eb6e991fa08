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
    /// Set when InfluxDB refused a request for want of a valid sign-in (the session expired, the
    /// token was deleted): the header says so. The page stays as it is, forms and all, until
    /// the user signs in again over it (`reauth`).
    pub expired: RwSignal<bool>,
    /// The sign-in dialog over the current page is open.
    pub reauth: RwSignal<bool>,
}

impl SessionCtx {
    /// Starts from what the tab or the device remembers.
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
        let expired = RwSignal::new(false);
        SessionCtx {
            client: RwSignal::new(client.map(|c| c.reporting_sign_out(expired))),
            user: RwSignal::new(None),
            signout_failed: RwSignal::new(None),
            expired,
            reauth: RwSignal::new(false),
        }
    }

    /// Records a successful sign-in, kept for this tab only unless `remember`. Signing in again
    /// as the same user (after `expired`) carries on with the page as it is: the new client
    /// replaces the old one without telling the readers, so nothing reloads and no form loses
    /// its text; the next request (a retry) uses it. Another user gets everything loaded anew.
    pub fn signed_in(&self, client: Client, user: User, remember: bool) {
        storage::save_auth(
            &StoredAuth {
                origin: client.origin.clone(),
                token: match &client.auth {
                    Auth::Token(t) => Some(t.clone()),
                    Auth::Session => None,
                },
            },
            remember,
        );
        let client = client.reporting_sign_out(self.expired);
        let same_user = self.client.with_untracked(|c| c.as_ref().is_some_and(|c| c.origin == client.origin))
            && self.user.with_untracked(|u| u.as_ref().map(|u| &u.id) == Some(&user.id));
        self.expired.set(false);
        self.reauth.set(false);
        if same_user {
            self.client.update_untracked(|c| *c = Some(client));
        } else {
            self.user.set(Some(user));
            self.client.set(Some(client));
        }
    }

    /// Opens the sign-in dialog over the page.
    pub fn sign_in_again(&self) {
        self.reauth.set(true);
    }

    /// Forgets the sign-in locally, in this tab and on the device (the server session, if
    /// any, is ended by the caller).
    pub fn forget(&self) {
        storage::clear_auth();
        self.expired.set(false);
        self.reauth.set(false);
        self.user.set(None);
        self.client.set(None);
    }

    /// Signs out here at once, then ends the server session (a cookie session only: a token
    /// has no session to end). If InfluxDB fails to end it, `signout_failed` says so.
    pub fn sign_out(&self) {
        let client = self.client();
        self.forget();
        if let Some(c @ Client { auth: Auth::Session, .. }) = client {
            // Its refusal must not mark a session that is already forgotten as expired.
            self.end_server_session(Client { signed_out: None, ..c });
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

type Orgs = LocalResource<Result<Vec<dashboards_core::model::Organization>, dashboards_core::ApiError>>;

#[derive(Clone, Copy)]
struct SharedOrgs(Orgs);

/// Loads the user's organizations once for everything under the calling component (the
/// signed-in shell): the header, the home page and the org check share one request.
pub fn provide_orgs() {
    provide_context(SharedOrgs(load_orgs()));
}

/// The organizations the signed-in user sees, reloaded when the sign-in changes.
pub fn use_orgs() -> Orgs {
    use_context::<SharedOrgs>().map(|s| s.0).unwrap_or_else(load_orgs)
}

fn load_orgs() -> Orgs {
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
