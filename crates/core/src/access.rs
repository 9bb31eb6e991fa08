//! Why influxd refused a request, read from its 401/403 answer, so that the app can say it in
//! words ("you may read this dashboard but not change it") instead of showing the raw error.
//!
//! influxd 2.8.0 (`authorizer/authorize.go`, `authz.go` Permission.String; observed): a request
//! without valid credentials is 401 `unauthorized access`; a signed-in user without the
//! permission is **401** too (not 403), with the missing permission as the message:
//! `write:orgs/<org id>/dashboards/<dashboard id> is unauthorized` (change a dashboard, its cells,
//! its members or owners), `write:orgs/<org id>/dashboards is unauthorized` (create one),
//! `write:orgs/<org id>/labels/<label id> is unauthorized` (edit, delete, attach or detach a
//! label: the label is checked before the dashboard), `read:users/<user id> is unauthorized`,
//! `read:orgs/<org id> is unauthorized`. An inactive user is 403.

use crate::ApiError;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Read,
    Write,
}

/// What a refused request lacked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// No valid session or token (401 `unauthorized access`): sign in again.
    SignedOut,
    /// Signed in, but the user's role does not allow this (401 `<permission> is unauthorized`).
    /// `kind` is the resource type (`dashboards`, `labels`, `users`, `orgs`, …); `id` the
    /// resource, absent for a creation; `org` the org the permission was asked in.
    NotAllowed { action: Action, kind: String, id: Option<String>, org: Option<String> },
    /// 403: the account is inactive, or its password must be changed.
    Forbidden { message: String },
}

impl Refusal {
    /// The refusal an error stands for, if it is one (401 or 403).
    pub fn from_error(e: &ApiError) -> Option<Refusal> {
        match e {
            ApiError::Unauthorized { message } => Some(parse_permission(message).unwrap_or(Refusal::SignedOut)),
            ApiError::Forbidden { message } => Some(Refusal::Forbidden { message: message.clone() }),
            _ => None,
        }
    }
}

/// `write:orgs/0a…/dashboards/0b… is unauthorized` → NotAllowed.
fn parse_permission(message: &str) -> Option<Refusal> {
    let perm = message.trim().strip_suffix(" is unauthorized")?;
    let (action, resource) = perm.split_once(':')?;
    let action = match action {
        "read" => Action::Read,
        "write" => Action::Write,
        _ => return None,
    };
    let parts: Vec<&str> = resource.split('/').collect();
    let (kind, id, org) = match parts.as_slice() {
        ["orgs", org, kind, id] => (*kind, Some(*id), Some(*org)),
        ["orgs", org, kind] => (*kind, None, Some(*org)),
        // An org itself: `orgs/<id>`.
        ["orgs", id] => ("orgs", Some(*id), None),
        [kind, id] => (*kind, Some(*id), None),
        [kind] if !kind.is_empty() => (*kind, None, None),
        _ => return None,
    };
    Some(Refusal::NotAllowed { action, kind: kind.to_owned(), id: id.map(str::to_owned), org: org.map(str::to_owned) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unauthorized(m: &str) -> ApiError {
        ApiError::Unauthorized { message: m.into() }
    }

    fn not_allowed(action: Action, kind: &str, id: Option<&str>, org: Option<&str>) -> Option<Refusal> {
        Some(Refusal::NotAllowed { action, kind: kind.into(), id: id.map(Into::into), org: org.map(Into::into) })
    }

    #[test]
    fn reads_influxds_messages() {
        let (o, d) = ("4ae613090c25fd44", "11b3741f05998000");
        let cases = [
            (format!("write:orgs/{o}/dashboards/{d} is unauthorized"), not_allowed(Action::Write, "dashboards", Some(d), Some(o))),
            (format!("write:orgs/{o}/dashboards is unauthorized"), not_allowed(Action::Write, "dashboards", None, Some(o))),
            (format!("write:orgs/{o}/labels/{d} is unauthorized"), not_allowed(Action::Write, "labels", Some(d), Some(o))),
            (format!("read:users/{d} is unauthorized"), not_allowed(Action::Read, "users", Some(d), None)),
            (format!("read:orgs/{o} is unauthorized"), not_allowed(Action::Read, "orgs", Some(o), None)),
            ("unauthorized access".to_owned(), Some(Refusal::SignedOut)),
            ("session has expired".to_owned(), Some(Refusal::SignedOut)),
            ("launch:x is unauthorized".to_owned(), Some(Refusal::SignedOut)),
        ];
        for (m, want) in cases {
            assert_eq!(Refusal::from_error(&unauthorized(&m)), want, "{m}");
        }
        assert_eq!(
            Refusal::from_error(&ApiError::Forbidden { message: "user is inactive".into() }),
            Some(Refusal::Forbidden { message: "user is inactive".into() })
        );
        assert_eq!(Refusal::from_error(&ApiError::NotFound { message: "404 page not found".into() }), None);
    }
}
