//! lumbar: a static site generator for clinic patient-education sites.
//!
//! Data flows one way: [`config`] and [`content`] load, [`markdown`] parses,
//! [`render`] applies templates, [`build`] writes. [`serve`] and [`check`] sit on
//! top of that pipeline.

pub mod assets;
pub mod config;
pub mod content;
pub mod data;
pub mod error;
pub mod markdown;
pub mod output;
pub mod qr;
pub mod templates;
pub mod text;

pub use error::{Error, Location, Result};
pub mod build;
pub mod cache;
pub mod callouts;
pub mod check;
pub mod feed;
pub mod htmlmin;
pub mod images;
pub mod incremental;
pub mod init;
pub mod jobs;
pub mod jsonld;
pub mod linkcheck;
pub mod model;
pub mod readability;
pub mod related;
pub mod render;
pub mod reviews;
pub mod search;
pub mod serve;
pub mod site;
pub mod spill;
pub mod theme;
