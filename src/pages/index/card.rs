use super::card_actions::CardActions;
use super::dialogs::DeleteDialog;
use super::label_menu::LabelMenu;
use super::IndexStore;
use crate::api::Client;
use crate::components::{href, label_pill, FormError, InlineEdit};
use crate::copy;
use crate::mutation::MutationScope;
use crate::session::use_session;
use dashboards_core::display::relative_time;
use dashboards_core::endpoints::check_dashboard_name;
use dashboards_core::model::{Dashboard, DashboardId, PatchDashboard};
use dashboards_core::routes::dashboard_path;
use dashboards_core::ApiError;
use leptos::prelude::*;

/// One dashboard of the index: name and description edited in place, labels attached and
/// detached, clone, export and delete. A failed change says why, and what the user typed
/// stays in the field.
#[component]
pub fn DashboardCard(
    /// The dashboard this card shows. The index keys cards by their place on the page: a sort
    /// or a page change gives a card another dashboard, and it updates in place.
    #[prop(into)]
    dashboard: Signal<Option<Dashboard>>,
) -> impl IntoView {
    let store = expect_context::<IndexStore>();
    let session = use_session();
    let live = Memo::new(move |_| dashboard.get().unwrap_or_default());
    let shown = Memo::new(move |_| live.with(|d| d.id.clone()));
    let editing_name = RwSignal::new(None::<String>);
    let editing_desc = RwSignal::new(None::<String>);
    let confirm_delete = RwSignal::new(false);
    let members_open = RwSignal::new(false);
    let notice = RwSignal::new(None::<String>);
    let root = NodeRef::<leptos::html::Li>::new();
    // A menu closes on Escape and on a press outside it (or its button), and opens without
    // the error of an earlier attempt.
    let within = move |t: &web_sys::Element, selector: &str| {
        root.get_untracked().is_some_and(|r| r.contains(Some(t))) && t.closest(selector).ok().flatten().is_some()
    };
    let labels_open = RwSignal::new(false);
    let actions_open = RwSignal::new(false);
    // Every write of the card, its menus' too, reports in one error line and one busy flag.
    let writes = MutationScope::new();
    crate::browser::dismiss_on_outside(labels_open, move |t| within(t, ".label-menu, [data-testid=label-add]"));
    crate::browser::dismiss_on_outside(actions_open, move |t| within(t, ".card-actions, [data-testid=actions]"));
    let busy = writes.pending();
    // The dashboard whose text the editing fields hold (they follow `shown` in the effect
    // below, a moment after it changes).
    let holder = StoredValue::new(shown.get_untracked());
    // When the card shows another dashboard, whatever was open for the previous one closes,
    // and answers about the previous one update the store, not the card.
    Effect::new(move |previous: Option<DashboardId>| {
        let now = shown.get();
        if previous.is_some_and(|p| p != now) {
            // This card takes up what was being typed for its new dashboard (kept by the
            // effect below, on whichever card it was typed).
            let (name, desc) = store.typing.try_with_value(|t| t.get(&now).cloned()).flatten().unwrap_or_default();
            holder.set_value(now.clone());
            editing_name.set(name);
            editing_desc.set(desc);
            confirm_delete.set(false);
            labels_open.set(false);
            actions_open.set(false);
            notice.set(None);
            writes.reset();
        }
        now
    });

    // What is being typed, kept by dashboard as it is typed: when a re-sort gives this
    // dashboard another card, that card finds it (cards take up their new dashboards in page
    // order, so a card cannot wait for the one it came from to hand it over).
    Effect::new(move |_| {
        let typed = (editing_name.get(), editing_desc.get());
        let id = holder.get_value();
        store.typing.try_update_value(|t| {
            if typed.0.is_none() && typed.1.is_none() {
                t.remove(&id);
            } else {
                t.insert(id, typed);
            }
        });
    });

    // Name, description and labels are applied to the store only once the server agrees: an
    // optimistic change could move the card out of the current filter, and with it the field
    // holding what the user typed. Until then the card shows the request as pending.
    let patch = move |(id, body): (DashboardId, PatchDashboard)| {
        let client = session.require_client();
        async move { patch_dashboard(client?, store, id, body).await }
    };
    let rename = writes.mutation(patch).on_success(move |()| editing_name.set(None));
    let describe = writes.mutation(patch).on_success(move |()| editing_desc.set(None));
    let save_name = move || {
        let Some(draft) = editing_name.get_untracked() else { return };
        match name_change(&draft, &live.with_untracked(|d| d.name.clone())) {
            Err(e) => writes.error.set(Some(e)),
            Ok(None) => editing_name.set(None),
            Ok(Some(body)) => rename.run((shown.get_untracked(), body)),
        }
    };
    let save_desc = move || {
        let Some(draft) = editing_desc.get_untracked() else { return };
        match description_change(&draft, &live.with_untracked(|d| d.description.clone())) {
            None => editing_desc.set(None),
            Some(body) => describe.run((shown.get_untracked(), body)),
        }
    };

    let org = store.org;
    // "Modified … ago" is relative to when the card was made.
    let now = (js_sys::Date::now() * 1_000_000.0) as i128;
    // Flags as memos: typing in a field changes its draft, not whether it is open.
    let name_open = Memo::new(move |_| editing_name.with(Option::is_some));
    let desc_open = Memo::new(move |_| editing_desc.with(Option::is_some));
    view! {
        <li class="dashboard-card" node_ref=root data-testid="dashboard-row" aria-busy=move || busy.get().to_string()>
            <div class="card-head">
                {move || if name_open.get() {
                    view! {
                        <InlineEdit draft=editing_name error=writes.error busy=busy on_save=Callback::new(move |_| save_name()) label=copy::NAME testid="name" />
                    }.into_any()
                } else {
                    view! {
                        <a class="dashboard-name" data-testid="dashboard-name" href=move || href(&dashboard_path(&org.get(), &shown.get()))>
                            {move || live.with(|d| if d.name.trim().is_empty() { copy::UNNAMED.to_owned() } else { d.name.clone() })}
                        </a>
                        <button class="icon-btn" title=copy::RENAME data-testid="rename"
                            on:click=move |_| editing_name.set(Some(live.with_untracked(|d| d.name.clone())))>"✎"</button>
                    }.into_any()
                }}
            </div>
            {move || if desc_open.get() {
                view! {
                    <InlineEdit draft=editing_desc error=writes.error busy=busy on_save=Callback::new(move |_| save_desc()) label=copy::DESCRIPTION testid="description" />
                }.into_any()
            } else {
                let empty = move || live.with(|d| d.description.trim().is_empty());
                view! {
                    <p class="dashboard-description" class:muted=empty data-testid="description" title=copy::EDIT_DESCRIPTION
                       tabindex="0" role="button"
                       on:click=move |_| editing_desc.set(Some(live.with_untracked(|d| d.description.clone())))
                       on:keydown=move |ev| if matches!(ev.key().as_str(), "Enter" | " ") {
                           ev.prevent_default();
                           editing_desc.set(Some(live.with_untracked(|d| d.description.clone())))
                       }>
                        {move || if empty() { copy::ADD_DESCRIPTION.to_owned() } else { live.with(|d| d.description.clone()) }}
                    </p>
                }.into_any()
            }}
            <div class="labels">
                {move || live.with(|d| d.labels.iter().map(label_pill).collect_view())}
                <button class="chip add" data-testid="label-add" on:click=move |_| {
                    labels_open.update(|o| *o = !*o);
                    if labels_open.get_untracked() { writes.error.set(None) }
                }>{copy::LABELS_MENU}</button>
            </div>
            <LabelMenu dashboard=live open=labels_open writes=writes />
            <FormError error=writes.error testid="card-error" />
            <div class="card-foot">
                <span class="muted">{copy::MODIFIED}" "
                    <time datetime=move || live.with(|d| d.meta.updated_at.clone()) title=move || live.with(|d| d.meta.updated_at.clone())>
                        {move || live.with(|d| relative_time(&d.meta.updated_at, now).unwrap_or_else(|| d.meta.updated_at.clone()))}
                    </time>
                </span>
                <span class="spacer"></span>
                <button class="icon-btn" title=copy::ACTIONS aria-haspopup="menu" aria-expanded=move || actions_open.get().to_string()
                    data-testid="actions" on:click=move |_| {
                    actions_open.update(|o| *o = !*o);
                    if actions_open.get_untracked() { writes.error.set(None) }
                }>"⋯"</button>
            </div>
            <CardActions dashboard=live open=actions_open writes=writes
                on_close=Callback::new(move |_| actions_open.set(false)) on_delete=Callback::new(move |_| confirm_delete.set(true))
                on_members=Callback::new(move |_| members_open.set(true)) notice=notice />
            {move || notice.get().map(|n| view! {
                <p class="notice small" role="status" data-testid="export-notice">{n}" "
                    <button class="icon-btn" title=copy::CLOSE on:click=move |_| notice.set(None)>"×"</button></p>
            })}
            {move || members_open.get().then(|| view! {
                <crate::pages::MembersPanel dashboard=live.with_untracked(|d| d.id.clone()) name=live.with_untracked(|d| d.name.clone())
                    on_close=Callback::new(move |_| members_open.set(false)) />
            })}
            {move || confirm_delete.get().then(|| view! {
                <DeleteDialog dashboard=live.get_untracked() on_close=Callback::new(move |_| confirm_delete.set(false)) />
            })}
        </li>
    }
}

/// Sends a name or description change, then takes from the answer what it says of the
/// dashboard itself: the store keeps the labels and cells it has.
async fn patch_dashboard(client: Client, store: IndexStore, id: DashboardId, body: PatchDashboard) -> Result<(), ApiError> {
    let server = client.patch_dashboard(&id, &body).await?;
    store.update(&id, |d| {
        d.name = server.name;
        d.description = server.description;
        d.meta = server.meta;
    });
    Ok(())
}

/// What saving the name editor does: refuse the draft, close the editor (`None`: nothing
/// changed), or send this patch.
fn name_change(draft: &str, current: &str) -> Result<Option<PatchDashboard>, ApiError> {
    let name = check_dashboard_name(draft)?;
    Ok((name != current).then_some(PatchDashboard { name: Some(name), description: None }))
}

/// What saving the description editor does: close the editor (`None`: nothing changed once
/// trimmed), or send this patch.
fn description_change(draft: &str, current: &str) -> Option<PatchDashboard> {
    let description = draft.trim();
    (description != current).then(|| PatchDashboard { name: None, description: Some(description.to_owned()) })
}
