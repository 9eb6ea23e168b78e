//! Where a page's links and images go: `@/` content links, files beside
//! the page, photos that become `<picture>`s, and which links are internal,
//! external or scripts.

use super::{LinkRef, RenderOptions};
use crate::error::Location;
use pulldown_cmark::CowStr;

/// A link's or image's destination as published, recorded in `links` for
/// `check`, and the path below `content/` of the file it names, if any.
/// `Err` (only with strict links) is why the build stops; without, the
/// destination stays as written and the reason goes to `check`.
pub(super) fn destination<'a>(
    dest: &CowStr<'a>,
    opts: &RenderOptions,
    image: bool,
    line: usize,
    links: &mut Vec<LinkRef>,
) -> std::result::Result<(CowStr<'a>, Option<String>), String> {
    let ((resolved, file), missing) = match resolve_link(dest, opts, image) {
        Ok(d) => (d, None),
        Err(tried) => {
            let why = if image {
                format!("image {dest} not found{tried}")
            } else {
                format!("link to {dest} does not match any content file{tried}")
            };
            if opts.strict_links {
                return Err(why);
            }
            ((dest.clone(), None), (!tried.is_empty()).then_some(why))
        }
    };
    links.push(LinkRef {
        target: resolved.to_string(),
        line,
        image,
        missing,
    });
    Ok((resolved, file))
}

/// The `<picture>` of a photo beside the content (`dest` as written, `url`
/// as resolved, `rel` the file below `content/` it was resolved to); `None`
/// for anything else (SVG, GIF, web addresses, a missing file).
pub(super) fn photo(
    dest: &str,
    url: &str,
    rel: Option<&str>,
    opts: &RenderOptions,
    at: &Location,
) -> std::result::Result<Option<crate::images::Picture>, String> {
    let (Some(images), Some(rel)) = (opts.images, rel) else {
        return Ok(None);
    };
    if !crate::images::is_raster(rel) {
        return Ok(None);
    }
    let url = url.split(['#', '?']).next().unwrap_or(url);
    let key = format!("content/{rel}");
    let source = images
        .probe(&key, url)
        .map_err(|why| format!("image {dest} {why}"))?;
    images.used_at(&key, at);
    Ok(images.picture(&source, None))
}

/// The file below `content/` a destination names (`@/x.pdf`, or a path
/// beside the page: see [`is_beside`]) and whether it was relative; `None`
/// when it names none, `Err` when it leads outside `content/`.
fn content_file(
    dest: &str,
    opts: &RenderOptions,
    image: bool,
) -> Option<std::result::Result<(String, bool), String>> {
    let (rel, relative) = if let Some(rest) = dest.strip_prefix("@/") {
        (rest, false)
    } else if is_beside(dest, image) {
        (dest, true)
    } else {
        return None;
    };
    let file = rel.split(['#', '?']).next().unwrap_or(rel);
    let joined = if relative && !opts.dir.is_empty() {
        format!("{}/{file}", opts.dir)
    } else {
        file.to_string()
    };
    // `..` is resolved here, and never leads outside content/.
    let (parts, above) = crate::text::path_segments(&joined);
    Some(if above {
        Err(format!(": {file} leads outside content/"))
    } else {
        Ok((parts.join("/"), relative))
    })
}

/// `@/path.md#frag` becomes the page URL plus fragment, `@/dir/x.pdf` the
/// file's URL; a relative path to a file (any image, or a link whose name
/// has an extension other than a page's: `chair.jpg`, `../forms/a.pdf`)
/// is looked up beside the page, and its path below `content/` returned
/// with the URL. Anything else is kept. `Err` carries where it looked, for
/// the message (`: no file content/advice/chair.jpg`).
fn resolve_link<'a>(
    dest: &CowStr<'a>,
    opts: &RenderOptions,
    image: bool,
) -> std::result::Result<(CowStr<'a>, Option<String>), String> {
    let Some(found) = content_file(dest, opts, image) else {
        return Ok((dest.clone(), None));
    };
    let (path, relative) = found?;
    let tail = &dest[dest.find(['#', '?']).unwrap_or(dest.len())..];
    match (opts.resolve)(&path) {
        Some(url) => Ok((format!("{url}{tail}").into(), Some(path))),
        None if relative => Err(format!(": no file content/{path}")),
        None => Err(String::new()),
    }
}

/// A path meant relative to the page's own file: no scheme, not from the
/// site root, not a fragment; for links, only names with a file extension
/// that is not a page's (`../core/` and `core.html` stay as written).
fn is_beside(dest: &str, image: bool) -> bool {
    if dest.is_empty() || dest.starts_with(['/', '#', '?']) || dest.contains(':') {
        return false;
    }
    if image {
        return true;
    }
    let path = dest.split(['#', '?']).next().unwrap_or("");
    let name = path.rsplit('/').next().unwrap_or("");
    match name.rsplit_once('.') {
        Some((stem, ext)) => {
            !stem.is_empty()
                && !ext.is_empty()
                && !["md", "html", "htm"].contains(&ext.to_ascii_lowercase().as_str())
        }
        None => false,
    }
}

/// Links the checker can verify offline: site-absolute paths, fragments and
/// relative paths (not `mailto:`, `tel:` or `https:`).
pub fn is_internal(dest: &str) -> bool {
    !dest.is_empty() && !dest.starts_with("//") && !dest.contains(':')
}

/// URLs that run code when followed; with `unsafe_html = false` they are
/// neutralised like raw HTML is. Browsers ignore whitespace and control
/// characters inside a scheme, so they are ignored here too.
pub(super) fn is_script_url(dest: &str) -> bool {
    let scheme: String = dest
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(11)
        .collect::<String>()
        .to_ascii_lowercase();
    scheme.starts_with("javascript:")
        || scheme.starts_with("vbscript:")
        || scheme.starts_with("data:")
}

/// Links to other sites, which `lumbar check --external` fetches.
pub fn is_external(dest: &str) -> bool {
    dest.starts_with("http://") || dest.starts_with("https://")
}
