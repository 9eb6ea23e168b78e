//! lumbar's integration tests, in one test binary so a change relinks one
//! executable, not one per file. Each module tests one area through the real
//! `lumbar` binary or the library; `common` has the shared helpers.

// Helpers are shared by modules that each use some of them.
#[allow(dead_code)]
mod common;

mod bad_input;
mod browser;
mod build;
mod build_cache;
mod cards;
mod check;
mod data;
mod fuzz_seeds;
mod hostile;
mod images;
mod incremental;
mod init;
mod languages;
mod load;
mod model;
mod pagination;
mod safety;
mod schedule;
mod search_parity;
mod search_relevance;
mod serve;
mod serve_limits;
mod snapshots;
mod taxonomies;
mod theme;
mod trust;
