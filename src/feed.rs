//! The machine-read files: Atom feed and sitemap. Written directly rather than
//! through templates, so escaping and date formats are always right.

use crate::jobs::{job_url, jobs, Job};
use crate::site::Site;
use crate::text::escape_html as esc;
use chrono::NaiveDate;
use std::fmt::Write;

fn rfc3339(d: NaiveDate) -> String {
    format!("{}T00:00:00Z", d.format("%Y-%m-%d"))
}

/// The site's feed: its newest dated articles.
pub fn atom(site: &Site) -> String {
    let c = &site.config;
    let entries: Vec<usize> = site.feed_entries().collect();
    feed(site, &entries, &c.title, "/atom.xml", "/")
}

/// The feed of term `slug` of taxonomy `t`: the newest dated articles that
/// have it, titled "Site: Term".
pub fn term_atom(site: &Site, t: usize, slug: &str) -> String {
    let tax = &site.taxonomies[t];
    let Some(term) = tax.terms.get(slug) else {
        return String::new();
    };
    let mut entries: Vec<usize> = term
        .pages
        .iter()
        .copied()
        .filter(|&i| {
            let p = &site.pages[i];
            p.kind == crate::content::Kind::Article && p.modified().is_some()
        })
        .collect();
    crate::site::order_articles(&site.pages, &mut entries);
    entries.truncate(site.config.feed_limit);
    let title = term_feed_title(site, &term.name);
    feed(site, &entries, &title, &tax.feed_url(slug), &term.url)
}

/// What a term's feed is called, in feed readers and in the term page's head.
pub fn term_feed_title(site: &Site, term: &str) -> String {
    format!("{}: {term}", site.config.title)
}

/// An Atom feed of `entries` (newest first), at `self_url`, about the page
/// at `page_url`.
fn feed(site: &Site, entries: &[usize], title: &str, self_url: &str, page_url: &str) -> String {
    let c = &site.config;
    let updated = entries
        .first()
        .and_then(|&i| site.pages[i].modified())
        .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), rfc3339);
    let mut out = String::with_capacity(4096 + entries.len() * 4096);
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n<title>{}</title>\n<subtitle>{}</subtitle>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<id>{}</id>\n<updated>{}</updated>\n",
        esc(&c.language),
        esc(title),
        esc(&c.description),
        esc(&c.permalink(self_url)),
        esc(&c.permalink(page_url)),
        esc(&c.permalink(self_url.strip_suffix("atom.xml").unwrap_or(self_url))),
        updated
    );
    for &i in entries {
        let p = &site.pages[i];
        let link = c.permalink(&p.url);
        let _ = write!(
            out,
            "<entry>\n<title>{}</title>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<id>{}</id>\n<published>{}</published>\n<updated>{}</updated>\n",
            esc(&p.title),
            esc(&link),
            esc(&link),
            rfc3339(p.date.or(p.updated).expect("filtered on dates")),
            rfc3339(p.modified().expect("filtered on dates")),
        );
        if let Some(a) = &p.author {
            let _ = writeln!(out, "<author><name>{}</name></author>", esc(a));
        }
        for (tax, terms) in site.taxonomies.iter().zip(&p.terms) {
            for t in terms {
                let _ = writeln!(
                    out,
                    "<category term=\"{}\" scheme=\"{}\"/>",
                    esc(&t.name),
                    esc(&c.permalink(&tax.url()))
                );
            }
        }
        if !p.description.is_empty() {
            let _ = writeln!(out, "<summary>{}</summary>", esc(&p.description));
        }
        let _ = write!(
            out,
            "<content type=\"html\">{}</content>\n</entry>\n",
            esc(&c.publish_links(&p.body.html.get()))
        );
    }
    out.push_str("</feed>\n");
    out
}

pub fn sitemap(site: &Site) -> String {
    let mut out = String::with_capacity(128 * (site.pages.len() + 8));
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for job in jobs(site) {
        let lastmod = match &job {
            Job::Page(i) => site.pages[*i].modified(),
            Job::NotFound
            | Job::Feed
            | Job::Sitemap
            | Job::Robots
            | Job::SearchIndex
            | Job::SearchResults(..)
            | Job::TermFeed(..)
            | Job::Search
            | Job::Alias(_)
            | Job::Redirects => continue,
            _ => None,
        };
        let _ = write!(
            out,
            "<url><loc>{}</loc>",
            esc(&site.config.permalink(&job_url(site, &job)))
        );
        if let Some(d) = lastmod {
            let _ = write!(out, "<lastmod>{}</lastmod>", d.format("%Y-%m-%d"));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}
