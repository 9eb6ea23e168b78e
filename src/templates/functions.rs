//! The functions lumbar gives templates: asset_url (fingerprinted files),
//! image (renditions of a picture) and qr_code (for print).

use super::*;

/// The `asset(path=…)` template function.
pub(super) struct AssetUrl(pub(super) Assets);

impl tera::Function for AssetUrl {
    fn call(&self, args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
        let path = args.get("path").and_then(|v| v.as_str()).ok_or(
            "asset() needs the file's path below static/, as asset(path=\"css/style.css\")",
        )?;
        match self.0.url(path) {
            Some(url) => Ok(tera::Value::String(url.to_string())),
            None => {
                let known: Vec<&str> = self.0.paths().collect();
                Err(format!(
                    "asset(path={path:?}): no stylesheet or script static/{}; the site has: {}",
                    path.trim_start_matches('/'),
                    if known.is_empty() {
                        "none".to_string()
                    } else {
                        known.join(", ")
                    }
                )
                .into())
            }
        }
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// The `image(path=…, width=…)` template function: renditions of a photo
/// (`url`, `width`, `height`, `type`, `srcset`, `sources`) for hero, card and
/// share images. Files lumbar does not resize (SVG) come back with their
/// URL alone; web addresses as they are.
pub(super) struct ImageFn(pub(super) Arc<Images>);

impl tera::Function for ImageFn {
    fn call(&self, args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
        let path = args.get("path").and_then(|v| v.as_str()).ok_or(
            "image() needs the image's address, as image(path=page.image) or image(path=\"/images/team.jpg\")",
        )?;
        let width = match args.get("width") {
            None | Some(tera::Value::Null) => None,
            Some(v) => Some(
                v.as_u64()
                    .filter(|w| (1..=10_000).contains(w))
                    .ok_or("image(): width must be a number of pixels, as width=1200")?
                    as u32,
            ),
        };
        let plain = |url: &str| {
            serde_json::json!({
                "url": url, "width": null, "height": null, "type": null, "srcset": "", "sources": [],
            })
        };
        if crate::markdown::is_external(path) {
            return Ok(plain(path));
        }
        let url = format!("/{}", path.trim_start_matches('/'));
        match self.0.at_url(&url) {
            Ok(Some(source)) => match self.0.picture(&source, width) {
                Some(p) => tera::to_value(p).map_err(tera::Error::from),
                None => Ok(plain(&url)),
            },
            Ok(None) => Ok(plain(&url)),
            Err(why) => Err(format!("image(path={path:?}): {why}").into()),
        }
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// The `qr(url=…, label=…)` template function: an inline SVG QR code, so a
/// theme pays for codes only where it shows them.
pub(super) struct QrCode;

impl tera::Function for QrCode {
    fn call(&self, args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
        let url = args
            .get("url")
            .and_then(|v| v.as_str())
            .ok_or("qr() needs the address to encode, as qr(url=canonical)")?;
        let label = args.get("label").and_then(|v| v.as_str()).unwrap_or(url);
        match crate::qr::svg(url, label) {
            Some(svg) => Ok(tera::Value::String(svg)),
            None => Err(format!("qr(url={url:?}): too long for a QR code").into()),
        }
    }

    fn is_safe(&self) -> bool {
        true
    }
}
