#![doc = include_str!("../README.md")]

pub mod app;
pub mod demo;
pub mod home;
pub mod jobs;
pub mod openapi;
pub mod server;

pub use app::{build_state, build_state_clocked, router};
