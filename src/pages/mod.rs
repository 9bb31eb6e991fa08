//! One module per screen.

pub(crate) mod dashboard;
mod home;
mod index;
mod labels;
mod members;
mod not_found;
mod sign_in;
mod view_editor;

pub use dashboard::DashboardPage;
pub use home::HomePage;
pub use index::{DashboardCard, DashboardsPage, IndexStore, Status};
pub use labels::LabelsPage;
pub use members::MembersPanel;
pub use not_found::NotFoundPage;
pub use sign_in::{SignInDialog, SignInPage};
pub use view_editor::ViewEditor;
