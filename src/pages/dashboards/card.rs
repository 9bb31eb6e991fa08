use super::dialogs::DeleteDialog;
use super::IndexStore;
use crate::components::{href, label_pill, FormError, InlineEdit, LabelPill};
use crate::copy;
use crate::session::use_session;
use dashboards_core::display::relative_time;
use dashboards_core::display::{label_color, text_color_on};
use dashboards_core::endpoints::{check_dashboard_name, check_label_name};
use dashboards_core::index::{plan_clone, ExportDoc};
use dashboards_core::model::{CreateLabel, Dashboard, DashboardId, Label, PatchDashboard};
use dashboards_core::routes::dashboard_path;
use dashboards_core::ApiError;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Colors offered for a new label.
const LABEL_COLORS: [&str; 8] = ["#326BBA", "#BF3D5E", "#4ED8A0", "#FFB94A", "#9394FF", "#DC4E58", "#22ADF6", "#7A65F2"];

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
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let confirm_delete = RwSignal::new(false);
    let labels_open = RwSignal::new(false);
    let actions_open = RwSignal::new(false);
    // When the card shows another dashboard, whatever was open for the previous one closes.
    Effect::new(move |previous: Option<DashboardId>| {
        let now = shown.get();
        if previous.is_some_and(|p| p != now) {
            editing_name.set(None);
            editing_desc.set(None);
            error.set(None);
            busy.set(false);
            confirm_delete.set(false);
            labels_open.set(false);
            actions_open.set(false);
        }
        now
    });
    // An answer about a dashboard the card no longer shows updates the store, not the card.
    let still_shown = move |id: &DashboardId| shown.with_untracked(|s| s == id);

    // Name, description and labels are applied to the store only once the server agrees: an
    // optimistic change could move the card out of the current filter, and with it the field
    // holding what the user typed. Until then the card shows the request as pending.
    let save = move |patch: PatchDashboard, field: RwSignal<Option<String>>| {
        let Some(client) = session.client() else { return };
        let id = live.get_untracked().id;
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match client.patch_dashboard(&id, &patch).await {
                Ok(server) => {
                    // Keep the labels and cells we have; take what the server says of the rest.
                    store.update(&id, |d| {
                        d.name = server.name;
                        d.description = server.description;
                        d.meta = server.meta;
                    });
                    if still_shown(&id) {
                        field.set(None);
                    }
                }
                Err(e) if still_shown(&id) => error.set(Some(e)),
                Err(_) => {}
            }
            if still_shown(&id) {
                busy.set(false);
            }
        });
    };
    let save_name = move || {
        let Some(draft) = editing_name.get_untracked() else { return };
        match check_dashboard_name(&draft) {
            Err(e) => error.set(Some(e)),
            Ok(name) if name == live.get_untracked().name => editing_name.set(None),
            Ok(name) => save(PatchDashboard { name: Some(name), description: None }, editing_name),
        }
    };
    let save_desc = move || {
        let Some(draft) = editing_desc.get_untracked() else { return };
        let desc = draft.trim().to_owned();
        if desc == live.get_untracked().description {
            editing_desc.set(None);
        } else {
            save(PatchDashboard { name: None, description: Some(desc) }, editing_desc);
        }
    };

    let detach = move |label: Label| {
        let Some(client) = session.client() else { return };
        let id = live.get_untracked().id;
        busy.set(true);
        spawn_local(async move {
            match client.remove_label(&id, &label.id).await {
                Ok(()) => {
                    store.update(&id, |d| d.labels.retain(|l| l.id != label.id));
                }
                Err(e) if still_shown(&id) => error.set(Some(e)),
                Err(_) => {}
            }
            if still_shown(&id) {
                busy.set(false);
            }
        });
    };
    // Attaches to the dashboard `id` (the one shown when the user asked, whatever is shown now).
    let attach_to = move |id: DashboardId, label: Label| {
        let Some(client) = session.client() else { return };
        busy.set(true);
        spawn_local(async move {
            match client.add_label(&id, &label.id).await {
                Ok(attached) => {
                    store.update(&id, |d| d.labels.push(attached));
                }
                Err(e) if still_shown(&id) => error.set(Some(e)),
                Err(_) => {}
            }
            if still_shown(&id) {
                busy.set(false);
            }
        });
    };
    let attach = move |label: Label| attach_to(shown.get_untracked(), label);
    let new_label = RwSignal::new(String::new());
    let new_color = RwSignal::new(LABEL_COLORS[0].to_owned());
    let create_label = move || {
        let Some(client) = session.client() else { return };
        let name = match check_label_name(&new_label.get_untracked()) {
            Ok(n) => n,
            Err(e) => return error.set(Some(e)),
        };
        let body =
            CreateLabel { org_id: store.org.get_untracked(), name, properties: [("color".to_owned(), new_color.get_untracked())].into() };
        let id = shown.get_untracked();
        busy.set(true);
        spawn_local(async move {
            match client.create_label(&body).await {
                Ok(label) => {
                    store.add_label(label.clone());
                    if still_shown(&id) {
                        new_label.set(String::new());
                        error.set(None);
                    }
                    attach_to(id, label);
                }
                Err(e) => {
                    if still_shown(&id) {
                        error.set(Some(e));
                        busy.set(false);
                    }
                }
            }
        });
    };

    let clone = move |_| {
        let Some(client) = session.client() else { return };
        let id = live.get_untracked().id;
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result = async {
                let source = client.get_dashboard(&id, true).await?;
                let plan = plan_clone(&source, &copy::clone_name(&source.name))?;
                client.run_import(&plan).await
            }
            .await;
            match result {
                Ok(copy) => store.put(copy),
                Err(e) if still_shown(&id) => error.set(Some(e)),
                Err(_) => {}
            }
            if still_shown(&id) {
                busy.set(false);
            }
        });
    };
    let export = move |_| {
        let Some(client) = session.client() else { return };
        let id = live.get_untracked().id;
        busy.set(true);
        spawn_local(async move {
            match client.get_dashboard(&id, true).await {
                Ok(d) => {
                    let doc = ExportDoc::from_dashboard(&d);
                    let text = serde_json::to_string_pretty(&doc).unwrap_or_default();
                    if let Err(e) = crate::browser::download_text(&doc.file_name(), &text, "application/json") {
                        if still_shown(&id) {
                            error.set(Some(ApiError::Validation { message: format!("{}: {e}", copy::DOWNLOAD_FAILED) }));
                        }
                    }
                }
                Err(e) if still_shown(&id) => error.set(Some(e)),
                Err(_) => {}
            }
            if still_shown(&id) {
                busy.set(false);
            }
        });
    };

    let org = store.org;
    // "Modified … ago" is relative to when the card was made.
    let now = (js_sys::Date::now() * 1_000_000.0) as i128;
    // Flags as memos: typing in a field changes its draft, not whether it is open.
    let name_open = Memo::new(move |_| editing_name.with(Option::is_some));
    let desc_open = Memo::new(move |_| editing_desc.with(Option::is_some));
    view! {
        <li class="dashboard-card" data-testid="dashboard-row" aria-busy=move || busy.get().to_string()>
            <div class="card-head">
                {move || if name_open.get() {
                    view! {
                        <InlineEdit draft=editing_name error=error busy=busy on_save=Callback::new(move |_| save_name()) label=copy::NAME testid="name" />
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
                    <InlineEdit draft=editing_desc error=error busy=busy on_save=Callback::new(move |_| save_desc()) label=copy::DESCRIPTION testid="description" />
                }.into_any()
            } else {
                let empty = move || live.with(|d| d.description.trim().is_empty());
                view! {
                    <p class="dashboard-description" class:muted=empty data-testid="description" title=copy::EDIT_DESCRIPTION
                       on:click=move |_| editing_desc.set(Some(live.with_untracked(|d| d.description.clone())))>
                        {move || if empty() { copy::ADD_DESCRIPTION.to_owned() } else { live.with(|d| d.description.clone()) }}
                    </p>
                }.into_any()
            }}
            <div class="labels">
                {move || live.with(|d| d.labels.iter().map(label_pill).collect_view())}
                <button class="chip add" data-testid="label-add" on:click=move |_| labels_open.update(|o| *o = !*o)>{copy::LABELS_MENU}</button>
            </div>
            {move || labels_open.get().then(|| view! {
                <div class="label-menu" data-testid="label-menu">
                    // Attached: each with its remove button (the list itself shows plain pills).
                    <div class="labels">
                        {move || live.with(|d| d.labels.clone()).into_iter().map(|l| {
                            let l2 = l.clone();
                            view! {
                                <span class="label-with-remove">
                                    <LabelPill label=l />
                                    <button class="icon-btn small" title=copy::REMOVE_LABEL data-testid="label-remove" on:click=move |_| detach(l2.clone())>"×"</button>
                                </span>
                            }
                        }).collect_view()}
                    </div>
                    <div class="labels">
                        {move || {
                            let attached: Vec<_> = live.with(|d| d.labels.iter().map(|l| l.id.clone()).collect());
                            store.labels.get().into_iter().filter(|l| !attached.contains(&l.id)).map(|l| {
                                let color = label_color(l.property("color")).to_owned();
                                let style = format!("background-color: {color}; color: {};", text_color_on(&color));
                                let l2 = l.clone();
                                view! {
                                    <button class="chip" data-testid="label-option" style=style on:click=move |_| attach(l2.clone())>"+ "{l.name.clone()}</button>
                                }
                            }).collect_view()
                        }}
                    </div>
                    <div class="inline-row">
                        <input class="inline-edit" placeholder=copy::NEW_LABEL data-testid="new-label-name" bind:value=new_label
                            on:keydown=move |ev| if ev.key() == "Enter" { create_label() } />
                        <select data-testid="new-label-color" aria-label=copy::COLOR on:change=move |ev| new_color.set(event_target_value(&ev))>
                            {LABEL_COLORS.into_iter().map(|c| view! { <option value=c>{c}</option> }).collect_view()}
                        </select>
                        <button class="btn btn-small" data-testid="new-label-create" disabled=busy on:click=move |_| create_label()>{copy::CREATE}</button>
                    </div>
                </div>
            })}
            <FormError error=error testid="card-error" />
            <div class="card-foot">
                <span class="muted">{copy::MODIFIED}" "
                    <time datetime=move || live.with(|d| d.meta.updated_at.clone()) title=move || live.with(|d| d.meta.updated_at.clone())>
                        {move || live.with(|d| relative_time(&d.meta.updated_at, now).unwrap_or_else(|| d.meta.updated_at.clone()))}
                    </time>
                </span>
                <span class="spacer"></span>
                <button class="icon-btn" title=copy::ACTIONS aria-haspopup="menu" aria-expanded=move || actions_open.get().to_string()
                    data-testid="actions" on:click=move |_| actions_open.update(|o| *o = !*o)>"⋯"</button>
            </div>
            // The actions exist only while their menu is open: a page of cards stays light.
            {move || actions_open.get().then(|| view! {
                // Choosing an action closes the menu.
                <div class="card-actions" role="menu" inert=move || busy.get() on:click=move |_| actions_open.set(false)>
                    <button class="btn btn-small" role="menuitem" data-testid="clone" on:click=clone>{copy::CLONE}</button>
                    <button class="btn btn-small" role="menuitem" data-testid="export" on:click=export>{copy::EXPORT}</button>
                    <button class="btn btn-small btn-danger" role="menuitem" data-testid="delete" on:click=move |_| confirm_delete.set(true)>{copy::DELETE}</button>
                </div>
            })}
            {move || confirm_delete.get().then(|| view! {
                <DeleteDialog dashboard=live.get_untracked() on_close=Callback::new(move |_| confirm_delete.set(false)) />
            })}
        </li>
    }
}
