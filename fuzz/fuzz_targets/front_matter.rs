//! An article file: front matter split, YAML, dates, then its Markdown body.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    lumbar_fuzz_support::page("a/page.md", text);
});

mod lumbar_fuzz_support {
    include!("support.rs");
}
