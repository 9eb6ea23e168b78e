//! The default theme, compiled into the binary so a site with only
//! `site.toml` and `content/` builds. A `themes/default/` directory on disk
//! takes precedence, so a site can copy the theme and change it freely.

pub const NAME: &str = "default";

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_str!(concat!("../themes/default/", $path)))),*]
    };
}

/// (path inside the theme, contents)
pub const FILES: &[(&str, &str)] = embed!(
    "templates/404.html",
    "templates/base.html",
    "templates/faq.html",
    "templates/faq_index.html",
    "templates/index.html",
    "templates/macros.html",
    "templates/page.html",
    "templates/section.html",
    "templates/tag.html",
    "templates/tags.html",
    "static/css/style.css",
    "static/js/search.js",
    "static/js/site.js",
);

/// Files below `templates/` or `static/` of the built-in theme.
pub fn files(kind: &str) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
    FILES.iter().filter_map(move |(p, text)| {
        p.strip_prefix(kind)
            .and_then(|r| r.strip_prefix('/'))
            .map(|r| (r, *text))
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_theme_file_is_embedded() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        for entry in walkdir::WalkDir::new(&dir) {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let rel = entry
                    .path()
                    .strip_prefix(&dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                assert!(
                    super::FILES.iter().any(|(p, _)| *p == rel),
                    "{rel} is not embedded in src/theme.rs"
                );
            }
        }
    }
}
