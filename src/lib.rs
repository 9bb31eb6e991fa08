//! influx-dashboards: a dashboard manager for InfluxDB OSS 2.x, in Leptos (client-side).

pub mod api;
pub mod app;
pub mod browser;
pub mod charts;
pub mod components;
pub mod copy;
pub mod mutation;
pub mod pages;
pub mod session;
pub mod storage;
