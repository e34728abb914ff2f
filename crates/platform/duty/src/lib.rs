#![doc = include_str!("../README.md")]

pub mod obligation;
pub mod rules;

pub use obligation::{DutyError, Extension, Facts, Obligation, Outcome, State};
pub use rules::{Kind, Rules};
