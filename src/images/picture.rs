//! What a page shows of a photo: its renditions as a <picture> with
//! srcset and sizes, in the formats the browser picks from.

use super::*;

/// One file to publish: a resized rendition, or the original without metadata.
#[derive(Debug, Clone)]
pub struct Rendition {
    pub source: Arc<Source>,
    /// `None` for the original (stripped, not resized).
    pub width: Option<u32>,
    pub format: Format,
    /// Below the output directory.
    pub out: String,
    /// The cache file's name.
    pub key: String,
}

/// A set of renditions of one image at several widths, for templates and
/// the `<picture>` in articles.
#[derive(Debug, Clone, Serialize)]
pub struct Picture {
    /// The fallback at the chosen width.
    pub url: String,
    pub width: u32,
    pub height: u32,
    /// The fallback's MIME type.
    #[serde(rename = "type")]
    pub mime: &'static str,
    /// `srcset` of the fallback.
    pub srcset: String,
    /// Smaller formats first (AVIF, WebP), for `<source>` elements.
    pub sources: Vec<PictureSource>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PictureSource {
    #[serde(rename = "type")]
    pub mime: &'static str,
    pub srcset: String,
}

/// The `<picture>` an article shows for an image.
pub fn picture_html(
    p: &Picture,
    alt: &str,
    title: Option<&str>,
    sizes: &str,
    lazy: bool,
) -> String {
    use crate::text::escape_html as esc;
    let mut html = String::from("<picture>");
    for s in &p.sources {
        html.push_str(&format!(
            r#"<source type="{}" srcset="{}" sizes="{}">"#,
            s.mime,
            esc(&s.srcset),
            esc(sizes)
        ));
    }
    html.push_str(&format!(
        r#"<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}""#,
        esc(&p.url),
        esc(&p.srcset),
        esc(sizes),
        p.width,
        p.height,
        esc(alt)
    ));
    if let Some(t) = title.filter(|t| !t.is_empty()) {
        html.push_str(&format!(r#" title="{}""#, esc(t)));
    }
    if lazy {
        html.push_str(r#" loading="lazy" decoding="async""#);
    }
    html.push_str("></picture>");
    html
}
