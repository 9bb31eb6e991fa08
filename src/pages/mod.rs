//! One module per screen.

mod dashboard;
mod dashboards;
mod home;
mod not_found;
mod sign_in;

pub use dashboard::DashboardPage;
pub use dashboards::{DashboardCard, DashboardsPage, IndexStore, Status};
pub use home::HomePage;
pub use not_found::NotFoundPage;
pub use sign_in::SignInPage;
