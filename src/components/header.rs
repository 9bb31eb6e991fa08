use super::{href, AppBase};
use crate::copy;
use crate::session::{use_orgs, use_session};
use dashboards_core::model::OrgId;
use dashboards_core::routes::{dashboards_path, labels_path, org_in_path};
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

/// The top bar: app name, organization switcher, user (or that the sign-in ended), sign-out.
#[component]
pub fn Header() -> impl IntoView {
    let session = use_session();
    let base = use_context::<AppBase>().unwrap_or_default();
    let location = use_location();
    let navigate = use_navigate();
    let current_org = Memo::new(move |_| org_in_path(&base.0, &location.pathname.get()).map(str::to_owned));
    let orgs = use_orgs();
    let sign_out = move |_| session.sign_out();
    view! {
        <header class="topbar">
            <a class="brand" href=href("/")>{copy::APP_NAME}</a>
            <label class="org-switcher">
                <span class="sr-only">{copy::ORGANIZATION}</span>
                <select
                    data-testid="org-switcher"
                    on:change=move |ev| {
                        let id = event_target_value(&ev);
                        navigate(&dashboards_path(&OrgId(id)), NavigateOptions::default());
                    }
                >
                    {move || {
                        let selected = current_org.get();
                        orgs.get()
                            .and_then(Result::ok)
                            .unwrap_or_default()
                            .into_iter()
                            .map(|o| {
                                let is_selected = selected.as_deref() == Some(o.id.as_str());
                                view! { <option value=o.id.0.clone() selected=is_selected>{o.name.clone()}</option> }
                            })
                            .collect_view()
                    }}
                </select>
            </label>
            {move || current_org.get().map(|org| {
                let org = OrgId(org);
                view! {
                    <nav class="topnav" aria-label=copy::PAGES>
                        <a href=href(&dashboards_path(&org)) data-testid="nav-dashboards">{copy::DASHBOARDS}</a>
                        <a href=href(&labels_path(&org)) data-testid="nav-labels">{copy::LABELS}</a>
                    </nav>
                }
            })}
            <span class="spacer"></span>
            {move || if session.expired.get() {
                // InfluxDB refused the sign-in: said here, with the way back, over the page.
                view! {
                    <span class="user signed-out" data-testid="session-expired">{copy::SIGNED_OUT_BADGE}</span>
                    <button class="btn btn-small" data-testid="header-sign-in" on:click=move |_| session.sign_in_again()>{copy::SIGN_IN_AGAIN}</button>
                }.into_any()
            } else {
                view! { <span class="user" data-testid="user-name">{move || session.user.get().map(|u| u.name).unwrap_or_default()}</span> }.into_any()
            }}
            <button class="btn btn-ghost" data-testid="sign-out" on:click=sign_out>{copy::SIGN_OUT}</button>
        </header>
    }
}
