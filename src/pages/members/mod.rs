//! Who owns a dashboard and who is listed as its member (`…/owners`, `…/members`): listed with
//! their names and status; users of the instance added from a searchable list, as member or
//! owner, never added twice (B14: influxd answers 500); roles changed; people removed after a
//! question that says what it means. What influxd refuses is explained in words, and the list
//! stays readable.

use crate::api::Client;
use crate::components::{Dialog, FormError};
use crate::copy;
use crate::mutation::use_mutation;
use crate::session::use_session;
use dashboards_core::access::Refusal;
use dashboards_core::endpoints::Role;
use dashboards_core::members::{AddPlan, Membership, MembershipStep, Removal};
use dashboards_core::model::{DashboardId, User, UserId};
use dashboards_core::ApiError;
use leptos::prelude::*;

/// The lists the panel shows, read together.
#[derive(Clone, Debug, Default, PartialEq)]
struct Lists {
    membership: Membership,
    users: Vec<User>,
    /// Reading the users was refused: the picker says why.
    users_refused: Option<ApiError>,
}

async fn read_lists(client: &Client, dashboard: &DashboardId, me: Option<UserId>) -> Result<Lists, ApiError> {
    // Three independent reads, at once.
    let (owners, members, users) =
        futures::future::join3(client.list_owners(dashboard), client.list_members(dashboard), client.list_all_users()).await;
    let (owners, members) = (owners?, members?);
    let (users, users_refused) = match users {
        Ok(u) => (u, None),
        Err(e) => (Vec::new(), Some(e)),
    };
    Ok(Lists { membership: Membership::new(&owners, &members, me.as_ref()), users, users_refused })
}

/// A refused or failed write in words, with InfluxDB's message.
fn explain(e: &ApiError) -> ApiError {
    match Refusal::from_error(e) {
        Some(Refusal::NotAllowed { .. }) => {
            ApiError::Unauthorized { message: copy::MEMBERS_NOT_ALLOWED.to_owned() + " (" + e.message() + ")" }
        }
        _ => e.clone(),
    }
}

/// The members panel of `dashboard`, as a dialog.
#[component]
pub fn MembersPanel(
    dashboard: DashboardId,
    /// The dashboard's name, in the title.
    name: String,
    on_close: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let id = StoredValue::new(dashboard);
    let lists = RwSignal::new(None::<Result<Lists, ApiError>>);
    // Reads can overlap (a change's reload, Retry): only the newest one's answer is shown.
    let reads = StoredValue::new(0u64);
    let load = move || {
        // Called after a request too: the panel may have closed meanwhile.
        let Some(dashboard) = id.try_get_value() else { return };
        let me = session.user.get_untracked().map(|u| u.id);
        let client = session.require_client();
        let number = reads.try_update_value(|n| {
            *n += 1;
            *n
        });
        leptos::task::spawn_local(async move {
            let result = match client {
                Ok(c) => read_lists(&c, &dashboard, me).await,
                Err(e) => Err(e),
            };
            if reads.try_get_value() == number {
                lists.try_set(Some(result));
            }
        });
    };
    load();
    // Each change: its steps in order, then the lists read again (what the server holds).
    let change = use_mutation(move |steps: Vec<MembershipStep>| {
        let client = session.require_client();
        let dashboard = id.get_value();
        async move {
            let client = client?;
            for (i, step) in steps.into_iter().enumerate() {
                if let Err(e) = client.apply_membership(&dashboard, &step).await {
                    let e = explain(&e);
                    if i == 0 {
                        return Err(e);
                    }
                    // A role change stopped halfway (the old role taken away, the new one not
                    // given): say so, and show the lists as the server now has them.
                    load();
                    let message = copy::role_change_half_done(e.message());
                    return Err(e.with_message(message));
                }
            }
            Ok(())
        }
    });
    change.on_success(move |()| load());
    let search = RwSignal::new(String::new());
    let notice = RwSignal::new(None::<String>);
    let removing = RwSignal::new(None::<(UserId, String, Removal)>);
    let role_for_new = RwSignal::new(Role::Member);
    let add = move |user: User| {
        let plan = lists.with_untracked(|l| {
            l.as_ref().and_then(|l| l.as_ref().ok()).map(|l| l.membership.plan_add(&user.id, role_for_new.get_untracked()))
        });
        match plan {
            Some(AddPlan::Send(step)) => {
                notice.set(None);
                change.run(vec![step]);
            }
            Some(AddPlan::AlreadyListed(role)) => notice.set(Some(copy::already_listed(&user.name, role == Role::Owner))),
            None => {}
        }
    };
    let set_role = move |user: UserId, to: Role| {
        let steps =
            lists.with_untracked(|l| l.as_ref().and_then(|l| l.as_ref().ok()).and_then(|l| l.membership.plan_role_change(&user, to)));
        if let Some(steps) = steps.filter(|s| !s.is_empty()) {
            change.run(steps);
        }
    };
    let title = copy::members_title(&name);
    view! {
        <Dialog title=title busy=change.pending() on_close=on_close testid="members-panel">
            {move || match lists.get() {
                None => view! { <p class="muted">{copy::LOADING}</p> }.into_any(),
                Some(Err(e)) => view! {
                    <FormError error=Signal::derive(move || Some(explain(&e))) testid="members-error" />
                    <button class="btn" on:click=move |_| load()>{copy::RETRY}</button>
                }.into_any(),
                Some(Ok(l)) => {
                    let rows = l.membership.rows().to_vec();
                    let empty = rows.is_empty();
                    let users = l.users.clone();
                    let refused = l.users_refused.clone();
                    let only_me = users.len() <= 1;
                    view! {
                        <section aria-label=copy::LISTED>
                            {empty.then(|| view! { <p class="muted" data-testid="members-none">{copy::NOBODY_LISTED}</p> })}
                            <ul class="member-list" data-testid="member-list">
                                {rows.into_iter().map(|r| {
                                    let (uid, uid2, uid3) = (r.id.clone(), r.id.clone(), r.id.clone());
                                    let who = r.name.clone();
                                    let owner = r.role == Role::Owner;
                                    view! {
                                        <li class="member-row" data-testid="member-row" data-user=r.name.clone()>
                                            <span class="member-name">{r.name.clone()}{r.is_you.then_some(copy::YOU_SUFFIX)}</span>
                                            <span class="member-role" data-testid="member-role">{if owner { copy::OWNER } else { copy::MEMBER }}</span>
                                            {(!r.active).then(|| view! { <span class="muted">{copy::INACTIVE}</span> })}
                                            {if owner {
                                                view! { <button class="btn btn-small" data-testid="member-demote" disabled=change.pending()
                                                    on:click=move |_| set_role(uid.clone(), Role::Member)>{copy::MAKE_MEMBER}</button> }.into_any()
                                            } else {
                                                view! { <button class="btn btn-small" data-testid="member-promote" disabled=change.pending()
                                                    on:click=move |_| set_role(uid2.clone(), Role::Owner)>{copy::MAKE_OWNER}</button> }.into_any()
                                            }}
                                            <button class="btn btn-small btn-danger" data-testid="member-remove" disabled=change.pending()
                                                on:click=move |_| {
                                                    let meaning = lists.with_untracked(|l| l.as_ref().and_then(|l| l.as_ref().ok()).and_then(|l| l.membership.plan_remove(&uid3)));
                                                    if let Some((_, m)) = meaning { removing.set(Some((uid3.clone(), who.clone(), m))) }
                                                }>{copy::REMOVE}</button>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        </section>
                        {move || removing.get().map(|(uid, who, meaning)| view! {
                            <div class="banner warning" role="alert" data-testid="member-remove-question">
                                <p>{copy::removal_question(&who, &meaning)}</p>
                                <button class="btn" on:click=move |_| removing.set(None)>{copy::CANCEL}</button>
                                <button class="btn btn-danger" data-testid="member-remove-confirm" on:click=move |_| {
                                    let step = lists.with_untracked(|l| l.as_ref().and_then(|l| l.as_ref().ok()).and_then(|l| l.membership.plan_remove(&uid)));
                                    removing.set(None);
                                    if let Some((step, _)) = step { change.run(vec![step]) }
                                }>{copy::REMOVE}</button>
                            </div>
                        })}
                        <FormError error=change.error() testid="members-error" />
                        {move || notice.get().map(|n| view! { <p class="notice" role="status" data-testid="members-notice">{n}</p> })}
                        <section class="member-add" aria-label=copy::ADD_PEOPLE>
                            <h3>{copy::ADD_PEOPLE}</h3>
                            {refused.map(|e| view! { <p class="muted" data-testid="users-refused">{copy::users_not_listed(e.message())}</p> })}
                            {only_me.then(|| view! { <p class="muted small" data-testid="users-only-you">{copy::USERS_ONLY_YOU}</p> })}
                            <div class="inline-form">
                                <input type="search" data-testid="member-search" placeholder=copy::FIND_USER aria-label=copy::FIND_USER bind:value=search />
                                <select data-testid="member-add-role" aria-label=copy::ROLE on:change=move |ev| role_for_new.set(if event_target_value(&ev) == "owner" { Role::Owner } else { Role::Member })>
                                    <option value="member" selected=true>{copy::AS_MEMBER}</option>
                                    <option value="owner">{copy::AS_OWNER}</option>
                                </select>
                            </div>
                            <ul class="candidate-list" data-testid="candidate-list">
                                {move || {
                                    let q = search.get();
                                    lists.with(|l| l.as_ref().and_then(|l| l.as_ref().ok()).map(|l| {
                                        l.membership.candidates(&users, &q).into_iter().take(50).map(|c| {
                                            let user = c.user.clone();
                                            let listed = c.listed;
                                            let who = user.name.clone();
                                            view! {
                                                <li class="candidate" data-testid="candidate" data-user=who.clone()>
                                                    <span>{who.clone()}</span>
                                                    {match listed {
                                                        Some(role) => view! { <span class="muted" data-testid="candidate-listed">{copy::listed_as(role == Role::Owner)}</span> }.into_any(),
                                                        None => view! { <button class="btn btn-small" data-testid="candidate-add" disabled=change.pending()
                                                            on:click=move |_| add(user.clone())>{copy::ADD}</button> }.into_any(),
                                                    }}
                                                </li>
                                            }
                                        }).collect_view()
                                    }))
                                }}
                            </ul>
                        </section>
                    }.into_any()
                }
            }}
            <div class="dialog-actions">
                <button class="btn" data-testid="members-close" on:click=move |_| on_close.run(())>{copy::CLOSE}</button>
            </div>
        </Dialog>
    }
}
