use crate::api::{Auth, Client};
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
    let origin = c.origin.trim().trim_end_matches('/').to_owned();
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

/// Sign-in with username and password (session cookie) or with an API token. What the user
/// typed stays in the form when the attempt fails.
#[component]
pub fn SignInPage() -> impl IntoView {
    let session = use_session();
    let mode = RwSignal::new(Mode::Password);
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let token = RwSignal::new(String::new());
    let origin = RwSignal::new(String::new());
    // A successful attempt signs in from inside the action; a failed one is its value.
    let action = Action::new_local(move |c: &Credentials| {
        let c = c.clone();
        async move {
            let (client, user) = sign_in(c).await?;
            session.signed_in(client, user);
            Ok::<(), ApiError>(())
        }
    });
    let error = move || if action.pending().get() { None } else { action.value().get().and_then(Result::err) };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(Credentials {
            origin: origin.get_untracked(),
            mode: mode.get_untracked(),
            username: username.get_untracked(),
            password: password.get_untracked(),
            token: token.get_untracked(),
        });
    };
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
        <main class="sign-in">
            <form class="card sign-in-card" on:submit=submit data-testid="sign-in-form">
                <h1>{copy::SIGN_IN_TITLE}</h1>
                <div class="tabs" role="tablist">
                    {tab(Mode::Password, copy::WITH_PASSWORD, "mode-password")}
                    {tab(Mode::Token, copy::WITH_TOKEN, "mode-token")}
                </div>
                <Show
                    when=move || mode.get() == Mode::Password
                    fallback=move || view! {
                        <label class="field">
                            <span>{copy::TOKEN}</span>
                            <input type="password" autocomplete="off" data-testid="token" bind:value=token />
                            <small>{copy::TOKEN_HINT}</small>
                        </label>
                    }
                >
                    <label class="field">
                        <span>{copy::USERNAME}</span>
                        <input type="text" autocomplete="username" data-testid="username" bind:value=username />
                    </label>
                    <label class="field">
                        <span>{copy::PASSWORD}</span>
                        <input type="password" autocomplete="current-password" data-testid="password" bind:value=password />
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
        </main>
    }
}
