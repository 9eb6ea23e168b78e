//! The outputs that are not templated pages: `robots.txt`, `_redirects`,
//! and the page an old address serves.

use super::*;

/// `robots.txt`: everything may be crawled; each language's sitemap.
pub(super) fn robots(site: &Site) -> String {
    // Each language has a sitemap of its own.
    let mut robots = String::from("User-agent: *\nAllow: /\n\n");
    let prefixes = site
        .translations
        .languages
        .iter()
        .map(|l| l.prefix.as_str());
    for prefix in std::iter::once("").chain(prefixes.skip(1)) {
        robots.push_str(&format!(
            "Sitemap: {}{prefix}/sitemap.xml\n",
            site.config.base_url
        ));
    }
    robots
}

/// What an old address (`aliases:`) serves: an immediate redirect that
/// search engines follow and do not index, and a link for anyone whose
/// browser does not follow it.
pub(super) fn redirect_page(site: &Site, templates: &Templates, to: usize) -> String {
    use crate::text::escape_html;
    let target = escape_html(&site.config.permalink(&site.pages[to].url));
    format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<meta name=\"robots\" content=\"noindex\">\n<link rel=\"canonical\" href=\"{target}\">\n<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n</head>\n<body>\n<p><a href=\"{target}\">{text}</a></p>\n</body>\n</html>\n",
        lang = escape_html(&site.config.language),
        title = escape_html(&site.pages[to].title),
        text = escape_html(&templates.string("redirect_text")),
    )
}

/// `_redirects` (Netlify, Cloudflare Pages): each alias as a permanent
/// redirect, so hosts that read it answer 301 without the redirect page.
pub(super) fn redirects(site: &Site) -> String {
    let base = site.config.base_path();
    let mut out = String::from("# Written by lumbar from aliases: in front matter.\n");
    for (from, &to) in &site.aliases {
        out.push_str(&format!("{base}{from} {base}{} 301\n", site.pages[to].url));
    }
    for (from, to) in &site.translations.redirects {
        out.push_str(&format!("{base}{from} {base}{to} 301\n"));
    }
    out
}
