use crate::api::{Auth, Client};
use crate::components::Dialog;
use crate::copy;
use crate::session::use_session;
use dashboards_core::ApiError;
use leptos::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Password,
    Token,
}

/// What the form sends.
#[derive(Clone)]
struct Credentials {
    origin: String,
    mode: Mode,
    username: String,
    password: String,
    token: String,
}

async fn sign_in(c: Credentials) -> Result<(Client, dashboards_core::model::User), ApiError> {
    let origin = dashboards_core::routes::check_origin(&c.origin)?;
    match c.mode {
        Mode::Password => {
            if !origin.is_empty() {
                return Err(ApiError::Validation { message: copy::SESSION_NEEDS_SAME_ORIGIN.into() });
            }
            let client = Client::new("", Auth::Session);
            client.signin(&c.username, &c.password).await.map_err(|e| match e {
                ApiError::Unauthorized { .. } => ApiError::Unauthorized { message: copy::WRONG_PASSWORD.into() },
                other => other,
            })?;
            let me = client.me().await?;
            Ok((client, me))
        }
        Mode::Token => {
            let token = c.token.trim();
            if token.is_empty() {
                return Err(ApiError::Validation { message: copy::TOKEN_REQUIRED.into() });
            }
            let client = Client::new(origin, Auth::Token(token.to_owned()));
            let me = client.me().await.map_err(|e| match e {
                ApiError::Unauthorized { .. } => ApiError::Unauthorized { message: copy::BAD_TOKEN.into() },
                other => other,
            })?;
            Ok((client, me))
        }
    }
}

/// The sign-in page: shown in place of any address while signed out (the address is kept,
/// so the same page opens after sign-in).
#[component]
pub fn SignInPage() -> impl IntoView {
    view! {
        <main class="sign-in">
            <SignInForm class="card sign-in-card" heading=true />
        </main>
    }
}

/// Signing in again over the current page, after the session ended: the page underneath keeps
/// everything typed into it, and carries on once this succeeds. The form starts as the user
/// signed in before (their name filled in, or the token tab).
#[component]
pub fn SignInDialog() -> impl IntoView {
    let session = use_session();
    let client = session.client();
    let username = session.user.get_untracked().map(|u| u.name).unwrap_or_default();
    let token_mode = matches!(client.as_ref().map(|c| &c.auth), Some(Auth::Token(_)));
    let origin = client.map(|c| c.origin).unwrap_or_default();
    view! {
        <Dialog title=copy::SESSION_ENDED_TITLE on_close=Callback::new(move |_| session.reauth.set(false)) testid="sign-in-dialog">
            <p class="muted">{copy::SESSION_ENDED_TEXT}</p>
            <SignInForm class="dialog-form" username origin token_mode remembered=crate::storage::auth_remembered() />
        </Dialog>
    }
}

/// Sign-in with username and password (session cookie) or with an API token. What the user
/// typed stays in the form when the attempt fails. The first empty field has the focus.
#[component]
fn SignInForm(
    /// Classes of the form.
    class: &'static str,
    /// Show the page's heading.
    #[prop(optional)]
    heading: bool,
    /// The username filled in at first.
    #[prop(optional)]
    username: String,
    /// The InfluxDB URL filled in at first.
    #[prop(optional)]
    origin: String,
    /// Open the token tab at first.
    #[prop(optional)]
    token_mode: bool,
    /// "Remember on this device" ticked at first (signing in again keeps how it was kept).
    #[prop(optional)]
    remembered: bool,
) -> impl IntoView {
    let session = use_session();
    let mode = RwSignal::new(if token_mode { Mode::Token } else { Mode::Password });
    let username = RwSignal::new(username);
    let password = RwSignal::new(String::new());
    let token = RwSignal::new(String::new());
    let origin = RwSignal::new(origin);
    let remember = RwSignal::new(remembered);
    // A successful attempt signs in from inside the action; a failed one is its value.
    let action = Action::new_local(move |(c, remember): &(Credentials, bool)| {
        let (c, remember) = (c.clone(), *remember);
        async move {
            let mode = c.mode;
            let (client, user) = sign_in(c).await?;
            // A password sign-in stores no secret (the cookie is the browser's): it is kept on
            // the device. A token is kept for the tab unless the user asked otherwise.
            session.signed_in(client, user, remember || mode == Mode::Password);
            Ok::<(), ApiError>(())
        }
    });
    let error = move || if action.pending().get() { None } else { action.value().get().and_then(Result::err) };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let c = Credentials {
            origin: origin.get_untracked(),
            mode: mode.get_untracked(),
            username: username.get_untracked(),
            password: password.get_untracked(),
            token: token.get_untracked(),
        };
        action.dispatch((c, remember.get_untracked()));
    };
    // The first empty field takes the focus, when the form appears and when the tab changes.
    let fields = [NodeRef::<leptos::html::Input>::new(), NodeRef::new(), NodeRef::new()];
    let [username_field, password_field, token_field] = fields;
    Effect::new(move |_| {
        mode.track();
        fields.iter().for_each(|f| f.track());
        // After the frame is laid out: a field made by the tab switch has its value by then.
        request_animation_frame(move || {
            let inputs: Vec<_> = fields.iter().filter_map(NodeRef::get_untracked).collect();
            if let Some(first) = inputs.iter().find(|i| i.is_connected() && i.value().is_empty()) {
                let _ = first.focus();
            }
        });
    });
    let tab = move |m: Mode, text: &'static str, id: &'static str| {
        view! {
            <button
                type="button"
                role="tab"
                data-testid=id
                class="tab"
                class:active=move || mode.get() == m
                aria-selected=move || (mode.get() == m).to_string()
                on:click=move |_| mode.set(m)
            >{text}</button>
        }
    };
    view! {
        <form class=class on:submit=submit data-testid="sign-in-form">
            {heading.then(|| view! { <h1>{copy::SIGN_IN_TITLE}</h1> })}
            <div class="tabs" role="tablist">
                {tab(Mode::Password, copy::WITH_PASSWORD, "mode-password")}
                {tab(Mode::Token, copy::WITH_TOKEN, "mode-token")}
            </div>
            <Show
                when=move || mode.get() == Mode::Password
                fallback=move || view! {
                    <label class="field">
                        <span>{copy::TOKEN}</span>
                        <input type="password" autocomplete="off" data-testid="token" node_ref=token_field bind:value=token />
                        <small>{copy::TOKEN_HINT}</small>
                    </label>
                    <label class="check">
                        <input type="checkbox" data-testid="remember" bind:checked=remember />
                        " "{copy::REMEMBER_TOKEN}
                    </label>
                }
            >
                <label class="field">
                    <span>{copy::USERNAME}</span>
                    <input type="text" autocomplete="username" data-testid="username" node_ref=username_field bind:value=username />
                </label>
                <label class="field">
                    <span>{copy::PASSWORD}</span>
                    <input type="password" autocomplete="current-password" data-testid="password" node_ref=password_field bind:value=password />
                </label>
            </Show>
            <details class="advanced">
                <summary>{copy::SERVER}</summary>
                <label class="field">
                    <span>{copy::SERVER}</span>
                    <input type="url" placeholder="https://influxdb.example.com:8086" data-testid="origin" bind:value=origin />
                    <small>{copy::SERVER_HINT}</small>
                </label>
            </details>
            {move || error().map(|e| view! {
                <p class="form-error" role="alert" data-testid="sign-in-error">
                    {(!e.needs_sign_in()).then(|| view! { <strong>{e.title()}": "</strong> })}
                    {e.message().to_owned()}
                </p>
            })}
            {move || session.signout_failed.get().map(|e| view! {
                <div class="form-error" role="alert" data-testid="signout-failed">
                    <p>{copy::SIGNOUT_FAILED}": "{e.message().to_owned()}</p>
                    <button type="button" class="btn btn-small" data-testid="signout-retry"
                        on:click=move |_| session.end_server_session(Client::new("", Auth::Session))>{copy::END_SESSION}</button>
                </div>
            })}
            <button class="btn btn-primary" type="submit" data-testid="sign-in" disabled=move || action.pending().get()>
                {move || if action.pending().get() { copy::SIGNING_IN } else { copy::SIGN_IN }}
            </button>
        </form>
    }
}
