//! Every user-facing message, in one place.

pub const APP_NAME: &str = "InfluxDB Dashboards";
pub const LOADING: &str = "Loading…";
pub const CONNECTING: &str = "Connecting to InfluxDB…";
pub const RETRY: &str = "Try again";
pub const SIGN_IN_AGAIN: &str = "Sign in again";
pub const SIGN_OUT: &str = "Sign out";
/// Under the error when the stored sign-in could not be checked at start (the server is gone,
/// the user was deactivated): the way out besides Retry.
pub const STARTUP_SIGN_OUT_HINT: &str = "Or sign out, to sign in to another server or as someone else.";
pub const SIGNOUT_FAILED: &str = "You are signed out in this browser, but InfluxDB did not end the session";
pub const END_SESSION: &str = "End the session";
pub const SIGN_IN_TITLE: &str = "Sign in to InfluxDB";
pub const SIGN_IN: &str = "Sign in";
pub const SIGNING_IN: &str = "Signing in…";
pub const WITH_PASSWORD: &str = "Username & password";
pub const WITH_TOKEN: &str = "API token";
pub const USERNAME: &str = "Username";
pub const PASSWORD: &str = "Password";
pub const TOKEN: &str = "API token";
pub const TOKEN_HINT: &str = "An all-access or read/write token from InfluxDB (Load Data › API Tokens).";
pub const SERVER: &str = "InfluxDB URL";
pub const SERVER_HINT: &str = "Leave empty when this UI is served by the same host as InfluxDB (a reverse proxy). \
Another origin works with a token only: InfluxDB does not allow cookies across origins.";
pub const WRONG_PASSWORD: &str = "Wrong username or password.";
pub const BAD_TOKEN: &str = "InfluxDB does not accept this token.";
pub const TOKEN_REQUIRED: &str = "Enter a token.";
pub const SESSION_NEEDS_SAME_ORIGIN: &str = "Password sign-in works only when the UI and InfluxDB share one origin. \
Use an API token for another server, or serve the UI behind the same proxy.";
pub const ORGANIZATION: &str = "Organization";
pub const NO_ORGS: &str = "This account belongs to no organization.";
pub const DASHBOARDS: &str = "Dashboards";
pub const NO_DASHBOARDS: &str = "No dashboards in this organization yet.";
pub const NO_CELLS: &str = "This dashboard has no cells yet.";
pub const BACK_TO_LIST: &str = "All dashboards";
pub const NOT_FOUND_TITLE: &str = "Page not found";
pub const NOT_FOUND_TEXT: &str = "Nothing lives at this address.";
pub const MODIFIED: &str = "Modified";
pub const UNNAMED: &str = "(unnamed)";

pub const NO_MATCH: &str = "No dashboard matches these filters.";
pub const CLEAR_FILTERS: &str = "Clear filters";
pub const NEW_DASHBOARD: &str = "New dashboard";
pub const IMPORT: &str = "Import";
pub const IMPORT_TITLE: &str = "Import a dashboard";
pub const READ_FAILED: &str = "The file could not be read";
pub const DOWNLOAD_FAILED: &str = "The download could not start";
pub const SEARCH_PLACEHOLDER: &str = "Filter by name, description or label";
pub const SORT: &str = "Sort";
pub const PER_PAGE: &str = "Per page";
pub const LABELS: &str = "Labels";
pub const MATCH: &str = "Match labels";
pub const MATCH_ALL: &str = "All";
pub const MATCH_ANY: &str = "Any";
pub const NAME: &str = "Name";
pub const DESCRIPTION: &str = "Description";
pub const RENAME: &str = "Rename";
pub const EDIT_DESCRIPTION: &str = "Click to edit the description";
pub const ADD_DESCRIPTION: &str = "Add a description";
pub const SAVE: &str = "Save";
pub const CANCEL: &str = "Cancel";
pub const CREATE: &str = "Create";
pub const CLONE: &str = "Clone";
pub const EXPORT: &str = "Export";
pub const DELETE: &str = "Delete";
pub const DELETE_TITLE: &str = "Delete dashboard";
pub const REMOVE_LABEL: &str = "Remove this label";
pub const NEW_LABEL: &str = "New label";
pub const COLOR: &str = "Color";
pub const LABELS_MENU: &str = "Labels…";
pub const ACTIONS: &str = "Clone, export or delete";
pub const SIGNED_OUT: &str = "You are signed out: sign in again, then retry.";

pub fn dashboard_count(n: usize) -> String {
    match n {
        1 => "1 dashboard".into(),
        n => format!("{n} dashboards"),
    }
}

/// "Showing 25–48 of 150 dashboards" (and "matching, of 200" when filtered).
pub fn showing(start: usize, end: usize, shown: usize, total: usize) -> String {
    if shown == 0 {
        return format!("0 of {}", dashboard_count(total));
    }
    let range = format!("Showing {}–{end} of {shown}", start + 1);
    if shown == total {
        format!("{range} dashboards")
    } else {
        format!("{range} matching ({} in all)", total)
    }
}

/// A copy's name: the original's with " (clone)", the original shortened where that would pass
/// the 256 characters a dashboard name may have.
pub fn clone_name(name: &str) -> String {
    const SUFFIX: &str = " (clone)";
    let room = 256 - SUFFIX.chars().count();
    let base: String = name.trim().chars().take(room).collect();
    format!("{}{SUFFIX}", base.trim_end())
}

pub fn delete_question(name: &str) -> String {
    format!("Delete the dashboard “{name}” with all its cells? This cannot be undone.")
}

pub fn import_summary(name: &str, cells: usize, labels: usize) -> String {
    format!("“{name}”: {cells} cell(s), {labels} label(s). Ready to import.")
}

// ---- the dashboard page ----
pub const CELL_ROLE: &str = "cell";
pub const DRAG_HINT: &str = "Drag to move; or focus the cell and use the arrow keys (Shift to resize, Enter to keep, Escape to cancel)";
pub const RESIZE_HINT: &str = "Drag to resize";
pub const CELL_MENU: &str = "Cell actions";
pub const CELL_NAME: &str = "Cell name";
pub const EMPTY_CELL: &str = "This cell has no view yet.";
pub const NO_QUERIES: &str = "This view has no queries.";
pub const MOVE_CANCELLED: &str = "move cancelled, back where it was";
pub const DELETE_CELL_TITLE: &str = "Delete cell";
pub const NEW_NOTE: &str = "New note";
pub const NOTE_TEXT: &str = "Note (Markdown)";
pub const ADD_NOTE: &str = "Add note";
pub const ADD_CELL: &str = "Add cell";
pub const DASHBOARD_TOOLS: &str = "Dashboard tools";
pub const UNDO: &str = "Undo";
pub const REDO: &str = "Redo";
pub const UNDO_HINT: &str = "Undo the last move, resize, add or delete (Ctrl+Z)";
pub const REDO_HINT: &str = "Redo (Ctrl+Shift+Z or Ctrl+Y)";
pub const SAVING: &str = "Saving…";
pub const ALL_SAVED: &str = "All changes saved";
pub const LAYOUT_NOT_SAVED: &str = "The layout is not saved";
pub const RELOAD_THEIRS: &str = "Reload theirs";
pub const KEEP_MINE: &str = "Keep mine";
pub const LEAVE_UNSAVED: &str = "The layout of this dashboard is not saved yet. Leave anyway?";

pub fn delete_cell_question(name: &str) -> String {
    format!("Delete the cell “{name}”? Its view goes with it.")
}

/// The banner shown when a save found the cells changed elsewhere; `what` says how.
pub fn changed_elsewhere(what: &str) -> String {
    format!("This dashboard was changed elsewhere since you opened it ({what}). Nothing was saved. Reload it, or keep your layout (cells added elsewhere stay).")
}

/// A view type as people read it.
pub fn view_type_name(kind: &str) -> String {
    let known = match kind {
        "" => "empty",
        "xy" => "graph",
        "line-plus-single-stat" => "graph + single stat",
        "single-stat" => "single stat",
        "gauge" => "gauge",
        "table" => "table",
        "simple-table" => "simple table",
        "markdown" => "note",
        "histogram" => "histogram",
        "heatmap" => "heatmap",
        "scatter" => "scatter",
        "mosaic" => "mosaic",
        "band" => "band",
        "check" => "check",
        "geo" => "map",
        "log-viewer" => "log viewer",
        other => return other.to_owned(),
    };
    known.to_owned()
}

// ---- cells' data ----
pub const TIME_RANGE: &str = "Time range";
pub const CUSTOM_RANGE: &str = "Custom range…";
pub const AUTO_REFRESH: &str = "Refresh";
pub const REFRESH: &str = "Refresh";
pub const REFRESH_HINT: &str = "Run every cell's queries again now";
pub const REFRESH_CELL: &str = "Run this cell's queries again";
pub const START: &str = "Start (RFC3339)";
pub const STOP: &str = "Stop (RFC3339)";
pub const APPLY: &str = "Apply";
pub const IN_QUERY: &str = "In the query starting";
pub const QUERY_STOPPED: &str = "The query stopped with an error";
pub const NO_RESULTS: &str = "No results";
pub const NO_NUMBER: &str = "No number to show in this result.";

/// A plot whose columns are not in the answer (or hold no numbers).
pub fn nothing_to_plot(x: &str, y: &str) -> String {
    if y.is_empty() {
        format!("Nothing to plot: no table of the answer has a usable “{x}” column.")
    } else {
        format!("Nothing to plot: no row of the answer has numbers in both “{x}” and “{y}”.")
    }
}

/// Under a band view drawn as plain lines because no result carries its main column's name.
pub fn band_unmatched(main: &str) -> String {
    if main.is_empty() {
        "No main column is set, so the band is drawn as plain lines.".to_owned()
    } else {
        format!("No result is named “{main}” (a band's columns name the results of its queries, e.g. yield(name: \"{main}\")), so the lines are drawn without a band.")
    }
}

/// Under a chart that could not draw some of the answer's tables.
pub fn tables_not_drawn(n: usize) -> String {
    if n == 1 {
        "1 table of the answer has no time and number columns to draw.".to_owned()
    } else {
        format!("{n} tables of the answer have no time and number columns to draw.")
    }
}

/// Above the table of a view type this app does not draw.
pub fn shown_as_table(kind: &str) -> String {
    format!("A {} view is not drawn here: its result is shown as a table.", view_type_name(kind))
}

// The view editor.
pub const CONFIGURE: &str = "Configure";
pub const EDIT_CELL: &str = "Edit cell";
pub const EDITOR_NO_CELL: &str = "This cell is not on the dashboard any more: someone may have deleted it.";
pub const BACK_TO_DASHBOARD: &str = "Back to the dashboard";
pub const UNNAMED_CELL: &str = "Name this cell";
pub const VIEW_TYPE: &str = "Visualization";
pub const PREVIEW: &str = "Preview";
pub const QUERIES: &str = "Queries";
pub const OPTIONS: &str = "Options";
pub const JSON: &str = "JSON";
pub const SUBMIT: &str = "Submit";
pub const SUBMIT_HINT: &str = "Run the queries in the preview (Ctrl+Enter)";
pub const DISCARD_EDITS: &str = "Discard your changes to this cell?";
pub const VIEW_CHANGED_ON_SERVER: &str =
    "This cell was changed elsewhere since you opened it. Load that version (your changes are lost), or overwrite it with yours.";
pub const LOAD_THEIRS: &str = "Load their version";
pub const OVERWRITE: &str = "Overwrite with mine";
pub const SIMPLE_TABLE_NOT_STORED: &str = dashboards_core::editor::checks::SIMPLE_TABLE_NOT_STORED;
pub const ADD_QUERY: &str = "+ Query";
pub const REMOVE_QUERY: &str = "Remove this query";
pub const RENAME_QUERY_HINT: &str = "Double-click to rename";
pub const MOVE_LEFT: &str = "Move left";
pub const MOVE_RIGHT: &str = "Move right";
pub const MOVE_UP: &str = "Move up";
pub const MOVE_DOWN: &str = "Move down";
pub const NOTE_HAS_NO_QUERIES: &str = "A note has no queries: write it under Options.";
pub const FLUX_SCRIPT: &str = "Flux script";
/// The Queries and Options tabs while the JSON tab holds text that does not parse.
pub const JSON_PENDING: &str = "The JSON tab holds an edit that is not valid JSON yet. Fix it there, or discard it to edit the view here.";
pub const BACK_TO_JSON: &str = "Back to the JSON";
pub const DISCARD_JSON_EDIT: &str = "Discard the JSON edit";
pub const TYPE_WAITS_FOR_JSON: &str = "Fix or discard the JSON edit first";
pub const JSON_TAB_HINT: &str =
    "The view's properties exactly as InfluxDB stores them. Changes apply to the forms and the preview as soon as they are valid; members this app does not know are kept.";
pub const GO_THERE: &str = "Go there";
pub const NOT_SET: &str = "(not set)";
pub const AUTO: &str = "auto";
pub const MINIMUM: &str = "Minimum";
pub const MAXIMUM: &str = "Maximum";
pub const COLOR_SCHEME: &str = "Colors";
pub const PRESET: &str = "Scheme";
pub const CHOOSE: &str = "Choose…";
pub const ADD_COLOR: &str = "+ Color";
pub const REMOVE: &str = "Remove";
pub const THRESHOLDS: &str = "Thresholds";
pub const COLORIZE: &str = "Thresholds color the";
pub const COLOR_TEXT: &str = "Text";
pub const COLOR_BACKGROUND: &str = "Background";
pub const BASE_COLOR: &str = "Base";
pub const THRESHOLD: &str = "Threshold";
pub const VALUE: &str = "Value";
pub const ADD_THRESHOLD: &str = "+ Threshold";
pub const THRESHOLD_NEEDS_VALUE: &str = "A threshold needs a number.";
pub const COLUMNS: &str = "Columns";
pub const SORT_BY: &str = "Sort by";
pub const SHOW_COLUMN: &str = "Show this column";
pub const DISPLAY_NAME: &str = "Display name";
pub const COLUMN_NAME: &str = "Column name";
pub const ADD_COLUMN: &str = "Add column";

/// The tab of an unnamed query.
pub fn query_tab(i: usize) -> String {
    format!("Query {}", i + 1)
}

/// The label of the `i`th color of a scheme.
pub fn color_n(i: usize) -> String {
    format!("Color {}", i + 1)
}

/// Under a script whose query failed at a line.
pub fn flux_error_at(line: u32) -> String {
    format!("InfluxDB's error points at line {line} (marked).")
}

/// A JSON syntax error, where it is.
pub fn json_syntax_error(line: usize, column: usize, message: &str) -> String {
    format!("Line {line}, column {column}: {message}")
}

/// Save refused while the JSON tab holds text that is not valid properties.
pub fn json_not_saved(error: &str) -> String {
    format!("The JSON is not valid, so nothing was saved. Fix it or switch tabs after undoing it: {error}")
}

/// Save refused because of bad fields.
pub fn fix_before_saving(n: usize, first: &str) -> String {
    if n == 1 {
        format!("Nothing was saved: one field needs fixing. {first}")
    } else {
        format!("Nothing was saved: {n} fields need fixing. The first: {first}")
    }
}

/// The button offering a type InfluxDB stores.
pub fn use_type(kind: &str) -> String {
    format!("Use {} instead", view_type_name(kind))
}

// The labels page.
pub const EDIT: &str = "Edit";
pub const NEW_LABEL_BUTTON: &str = "New label";
pub const NEW_LABEL_TITLE: &str = "New label";
pub const EDIT_LABEL: &str = "Edit label";
pub const SEARCH_LABELS: &str = "Search labels by name or description";
pub const NO_LABELS: &str = "This organization has no labels yet. Make one with New label.";
pub const NO_LABEL_MATCH: &str = "No label matches the search.";
pub const SHOW_ITS_DASHBOARDS: &str = "Show the dashboards with this label";
pub const DELETE_LABEL_TITLE: &str = "Delete label";
pub const HEX_COLOR: &str = "Color (hex)";
pub const HEX_COLOR_HINT: &str = "A color is # and 3 or 6 hex digits, like #326BBA.";

/// How many labels are shown, and what the counts are read from.
pub fn labels_counted(shown: usize, total: usize, dashboards: usize) -> String {
    let of = if shown == total { format!("{total} labels") } else { format!("{shown} of {total} labels") };
    format!("{of}; dashboards counted from all {dashboards} of the organization")
}

/// How many dashboards carry a label.
pub fn used_by(n: usize) -> String {
    match n {
        0 => "on no dashboard".to_owned(),
        1 => "on 1 dashboard".to_owned(),
        n => format!("on {n} dashboards"),
    }
}

/// The question before a label is deleted.
pub fn delete_label_question(name: &str, uses: usize) -> String {
    match uses {
        0 => format!("Delete the label “{name}”? No dashboard carries it."),
        1 => format!("Delete the label “{name}”? 1 dashboard loses it."),
        n => format!("Delete the label “{name}”? {n} dashboards lose it."),
    }
}

// The members panel.
pub const MEMBERS: &str = "Members";
pub const ADD: &str = "Add";
pub const CLOSE: &str = "Close";
pub const OWNER: &str = "Owner";
pub const MEMBER: &str = "Member";
pub const INACTIVE: &str = "inactive";
pub const YOU_SUFFIX: &str = " (you)";
pub const LISTED: &str = "Owners and members";
pub const NOBODY_LISTED: &str = "Nobody is listed yet: InfluxDB lists no owner for a new dashboard.";
pub const MAKE_OWNER: &str = "Make owner";
pub const MAKE_MEMBER: &str = "Make member";
pub const ADD_PEOPLE: &str = "Add people";
pub const FIND_USER: &str = "Find a user";
pub const ROLE: &str = "Role";
pub const AS_MEMBER: &str = "as member";
pub const AS_OWNER: &str = "as owner";
pub const MEMBERS_NOT_ALLOWED: &str =
    "Your role in this organization does not let you change who is listed on its dashboards: an owner of the organization can";
pub const USERS_ONLY_YOU: &str =
    "InfluxDB shows you only the users you may read; operators see everyone. Ask an operator to add someone you cannot find.";

pub fn members_title(dashboard: &str) -> String {
    format!("Members of “{dashboard}”")
}

/// Adding someone already listed: nothing is sent.
pub fn already_listed(name: &str, owner: bool) -> String {
    format!(
        "{name} is already listed as {}: nothing was sent. Change their role in the list above.",
        if owner { "owner" } else { "member" }
    )
}

pub fn listed_as(owner: bool) -> &'static str {
    if owner {
        "already an owner"
    } else {
        "already a member"
    }
}

/// The users could not be listed (InfluxDB's message).
pub fn users_not_listed(message: &str) -> String {
    format!("InfluxDB did not list its users to you ({message}).")
}

/// What removing someone means, asked first.
pub fn removal_question(who: &str, meaning: &dashboards_core::members::Removal) -> String {
    use dashboards_core::members::Removal;
    match meaning {
        Removal::Other => format!("Remove {who} from this dashboard's list?"),
        Removal::LastOwner => format!("Remove {who}? They are its last listed owner: the dashboard will list no owner (owners of the organization can still change it)."),
        Removal::Yourself { last_owner } => format!(
            "Remove yourself from this dashboard's list?{} What you may read or change stays as your role in the organization decides, but you may not be able to add yourself back.",
            if *last_owner { " You are its last listed owner." } else { "" }
        ),
    }
}

pub const PAGES: &str = "Pages";

// Titles, dead ends, unknown labels.
pub const NO_SUCH_DASHBOARD: &str = "No such dashboard";
pub const NOT_A_DASHBOARD_ID: &str = "This address does not name a dashboard: a dashboard's id is 16 characters, 0-9 and a-f.";
pub const UNKNOWN_LABEL: &str = "unknown";
pub const UNKNOWN_LABEL_HINT: &str = "No label of this organization has this name: remove it from the filter";

pub fn index_title(org: &str) -> String {
    if org.is_empty() {
        "Dashboards".to_owned()
    } else {
        format!("Dashboards · {org}")
    }
}

pub fn labels_title(org: &str) -> String {
    if org.is_empty() {
        "Labels".to_owned()
    } else {
        format!("Labels · {org}")
    }
}

pub fn editor_title(cell: &str) -> String {
    if cell.trim().is_empty() {
        "Edit cell".to_owned()
    } else {
        format!("Edit {cell}")
    }
}

// ---------- InfluxDB templates (issue 12) ----------

pub const IMPORT_FILE_ANY: &str = "Export file or InfluxDB template (.json, .yml)";
pub const IMPORT_PASTE_ANY: &str = "…or paste its JSON or YAML";
pub const EXPORT_TEMPLATE_JSON: &str = "Template (JSON)";
pub const EXPORT_TEMPLATE_YAML: &str = "Template (YAML)";
pub const EXPORT_TEMPLATE_HINT: &str =
    "An InfluxDB template, for influx apply and the official UI. Templates do not carry axis bounds, query builder settings or check cells.";

/// The import preview of a template with several dashboards.
pub fn import_summary_many(dashboards: usize, cells: usize, labels: usize) -> String {
    format!("{dashboards} dashboards: {cells} cell(s), {labels} label(s) in all. Ready to import.")
}

/// What a template holds that the import leaves out, e.g. `[("Bucket", 2), ("Task", 1)]`.
pub fn import_left_out(kinds: &[(String, usize)]) -> String {
    let list: Vec<String> = kinds.iter().map(|(k, n)| format!("{n} {k}")).collect();
    format!("Not imported (only dashboards and their labels are): {}.", list.join(", "))
}

/// A template import that failed at one dashboard; the ones before it were made.
pub fn import_failed_at(index: usize, total: usize, name: &str, made: usize, message: &str) -> String {
    format!("Dashboard {index} of {total} (“{name}”): {message} The {made} before it were imported.")
}

/// A file of several dashboards, one of which would be refused: nothing was sent.
pub fn import_refused_at(index: usize, total: usize, name: &str, message: &str) -> String {
    format!("Dashboard {index} of {total} (“{name}”): {message} Nothing was imported.")
}

/// A role change is two requests (influxd has no change of role): the first went through.
pub fn role_change_half_done(message: &str) -> String {
    format!("The old role was taken away, but giving the new one failed: {message} The user is not listed now; the list below is read again: add them with the role they should have.")
}

pub const EDIT_RANGE: &str = "Edit range";
pub const EDIT_RANGE_HINT: &str = "Change the start or stop of this custom range";

// ---- sessions that end, odd org addresses (issue #12) ----

pub const SESSION_ENDED_TITLE: &str = "Sign in to carry on";
pub const SESSION_ENDED_TEXT: &str = "InfluxDB no longer accepts this sign-in (the session expired or was ended). \
Sign in again: this page stays as it is, with what you typed, and you can retry what failed.";
pub const SIGNED_OUT_BADGE: &str = "Signed out";
pub const REMEMBER_TOKEN: &str = "Remember on this device (otherwise the token is forgotten when this tab closes)";
pub const NO_SUCH_ORG_TITLE: &str = "No such organization, or not yours";
pub const YOUR_ORGS: &str = "Your organizations:";

/// The org id of an address that is none of the user's.
pub fn no_such_org(id: &str) -> String {
    format!(
        "The address names the organization {id}, which does not exist or which you do not belong to. Nothing can be seen or made there."
    )
}

/// What a template export could not carry: cells left out and members lost, per cell.
pub fn template_losses(left_out: &[(String, String, String)], losses: &[(String, String, Vec<String>)]) -> Option<String> {
    let mut parts = Vec::new();
    if !left_out.is_empty() {
        let cells: Vec<String> = left_out.iter().map(|(_, cell, kind)| format!("“{cell}” ({kind})")).collect();
        parts.push(format!("left out (a template cannot hold them): {}", cells.join(", ")));
    }
    if !losses.is_empty() {
        let cells: Vec<String> = losses.iter().map(|(_, cell, members)| format!("“{cell}”: {}", members.join(", "))).collect();
        parts.push(format!("not carried: {}", cells.join("; ")));
    }
    (!parts.is_empty()).then(|| format!("Template saved. {}.", parts.join("; ")))
}

#[cfg(test)]
mod tests {
    use super::clone_name;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn a_copys_name_stays_within_the_256_characters_a_name_may_have() {
        // A 250-character name's copy was refused by the name check, so it could not be cloned.
        assert_eq!(clone_name(" cpu "), "cpu (clone)");
        let long = "é".repeat(250);
        let copy = clone_name(&long);
        assert_eq!(copy.chars().count(), 256);
        assert!(copy.ends_with(" (clone)"));
        assert!(dashboards_core::endpoints::check_dashboard_name(&copy).is_ok());
    }
}
