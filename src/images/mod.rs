//! Photos and pictures: every raster image beside the content is published
//! without its metadata (phone photos carry GPS positions and device ids),
//! and every image a page or template shows gets resized renditions
//! (WebP, optionally AVIF, and the original format as fallback) for
//! `<picture>`/`srcset`. Renditions are made once and kept in a cache keyed
//! by the image's content and the settings, so a rebuild with unchanged
//! images decodes nothing.
//!
//! Flow: pages and templates ask for images while they render ([`Images::probe`]
//! reads only the header: format, size, orientation); what they asked for is
//! recorded; [`Images::make`] then produces whatever the cache lacks, a few
//! images at a time (each is decoded once, for all its renditions).

mod cache;
mod picture;
mod process;

use crate::config::ImageSettings;
use crate::error::{Error, Location, Result};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

pub use picture::*;
pub use process::strip_metadata;

/// Bumped when encoders or their settings change, so cached files made the
/// old way are not reused.
const PIPELINE: u64 = 1;

/// The share-image width social sites recommend.
pub const SHARE_WIDTH: u32 = 1200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    Avif,
    WebP,
    Jpeg,
    Png,
    Gif,
}

impl Format {
    pub fn ext(self) -> &'static str {
        match self {
            Format::Avif => "avif",
            Format::WebP => "webp",
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::Gif => "gif",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Format::Avif => "image/avif",
            Format::WebP => "image/webp",
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::Gif => "image/gif",
        }
    }

    fn from_ext(s: &str) -> Option<Format> {
        [
            Format::Avif,
            Format::WebP,
            Format::Jpeg,
            Format::Png,
            Format::Gif,
        ]
        .into_iter()
        .find(|f| f.ext() == s)
    }
}

/// Whether a file name is one lumbar treats as a photo to strip and resize.
pub fn is_raster(name: &str) -> bool {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    matches!(
        ext.as_deref(),
        Some("jpg" | "jpeg" | "png" | "webp" | "gif")
    )
}

/// One image file, as its header describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// Below the site (`content/advice/chair.jpg`).
    pub rel: String,
    /// Where the original is published (`/advice/chair.jpg`).
    pub url: String,
    pub format: Format,
    /// As shown, EXIF orientation applied.
    pub width: u32,
    pub height: u32,
    /// EXIF orientation, 1 (as stored) to 8.
    pub orientation: u8,
    /// Of the file's bytes.
    pub hash: u64,
    pub len: u64,
    /// Modification time (ns since 1970) when probed; with `len`, what the
    /// cache index checks before trusting what it remembers.
    pub mtime: u128,
    /// Read from the file in this run rather than taken from the index.
    pub fresh: bool,
}

impl Source {
    /// The formats of its renditions, smallest first; the last is the
    /// fallback every browser shows. GIFs (often animated) are left as
    /// they are.
    fn formats(&self, settings: &ImageSettings) -> Vec<Format> {
        let mut f = Vec::new();
        if self.format == Format::Gif {
            return f;
        }
        if settings.avif {
            f.push(Format::Avif);
        }
        f.push(Format::WebP);
        if self.format != Format::WebP {
            f.push(self.format);
        }
        f
    }

    /// The widths its renditions are made at: the configured ones below its
    /// own width, and its own width when narrower than the widest (never
    /// upscaled).
    fn widths(&self, settings: &ImageSettings) -> Vec<u32> {
        let max = settings.widths.iter().copied().max().unwrap_or(self.width);
        let mut w: Vec<u32> = settings
            .widths
            .iter()
            .copied()
            .filter(|w| *w < self.width)
            .collect();
        let top = self.width.min(max);
        if !w.contains(&top) {
            w.push(top);
        }
        w
    }

    fn height_at(&self, width: u32) -> u32 {
        let h = (u64::from(self.height) * u64::from(width) + u64::from(self.width) / 2)
            / u64::from(self.width.max(1));
        (h as u32).max(1)
    }
}

pub type Probed = std::result::Result<Arc<Source>, String>;

pub struct Images {
    root: PathBuf,
    pub settings: ImageSettings,
    /// The cache folder.
    dir: PathBuf,
    /// What earlier runs learned of each file (size and time → header).
    known: HashMap<String, Source>,
    probed: Mutex<HashMap<String, Probed>>,
    /// Everything asked for, by output path.
    wanted: Mutex<BTreeMap<String, Rendition>>,
    /// Where each image was first used, for errors found while decoding.
    used_at: Mutex<HashMap<String, Location>>,
    /// Every published file's URL → its path below the site (`None` for
    /// built-in and generated files), for `image(path=…)`.
    by_url: Mutex<HashMap<String, Option<String>>>,
}

impl std::fmt::Debug for Images {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Images").field("dir", &self.dir).finish()
    }
}

impl Images {
    pub fn new(root: &Path, settings: &ImageSettings) -> Images {
        let dir = root.join(&settings.cache_dir).join("images");
        Images {
            root: root.to_path_buf(),
            settings: settings.clone(),
            known: cache::read_index(&dir),
            dir,
            probed: Mutex::default(),
            wanted: Mutex::default(),
            used_at: Mutex::default(),
            by_url: Mutex::default(),
        }
    }

    /// Learns the site's files (URL → path below the site) and probes the
    /// photos beside the content, whose originals are published without
    /// metadata. A broken one is an error at the file.
    pub fn register(&self, files: impl Iterator<Item = (String, Option<String>)>) -> Result<()> {
        use rayon::prelude::*;
        // Keyed by output path (`advice/chair.jpg`).
        let files: HashMap<String, Option<String>> = files.collect();
        let originals: Vec<(&String, &String)> = files
            .iter()
            .filter_map(|(url, rel)| Some((url, rel.as_ref()?)))
            .filter(|(_, rel)| rel.starts_with("content/") && is_raster(rel))
            .collect();
        let errors: Vec<Error> = originals
            .par_iter()
            .filter_map(|(out, rel)| match self.probe(rel, &format!("/{out}")) {
                Ok(source) => {
                    self.original(&source);
                    None
                }
                Err(why) => Some(self.error(rel, why)),
            })
            .collect();
        *lock(&self.by_url) = files;
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Error::many(errors))
        }
    }

    /// The image published at `url` (`/advice/chair.jpg`): `Ok(None)` when
    /// it is a file lumbar does not resize (SVG, a built-in file), `Err`
    /// when there is no such file or it is broken.
    pub fn at_url(&self, url: &str) -> std::result::Result<Option<Arc<Source>>, String> {
        let path = url.split(['#', '?']).next().unwrap_or(url);
        let rel = match lock(&self.by_url).get(path.trim_start_matches('/')) {
            None => return Err(format!("no file is published at {path}")),
            Some(None) => return Ok(None),
            Some(Some(rel)) => rel.clone(),
        };
        if !is_raster(&rel) {
            return Ok(None);
        }
        self.probe(&rel, path).map(Some).map_err(|why| {
            let shown = crate::content::site_path(&self.root, Path::new(&rel));
            format!("{} {why}", shown.display())
        })
    }

    /// The cache folder (`.lumbar-cache/images`).
    pub fn cache_dir(&self) -> &Path {
        &self.dir
    }

    /// Reads an image's header (`rel` below the site, `url` where the
    /// original is published); `Err` says in plain words what is wrong.
    pub fn probe(&self, rel: &str, url: &str) -> Probed {
        if let Some(p) = lock(&self.probed).get(rel) {
            return p.clone();
        }
        let probed = cache::probe(
            &self.root,
            rel,
            url,
            self.known.get(rel),
            self.settings.max_pixels,
        )
        .map(Arc::new);
        lock(&self.probed).insert(rel.to_string(), probed.clone());
        probed
    }

    /// Records where an image is first shown, for errors found later.
    pub fn used_at(&self, rel: &str, at: &Location) {
        lock(&self.used_at)
            .entry(rel.to_string())
            .or_insert_with(|| at.clone());
    }

    /// The original, published at its own address without metadata.
    pub fn original(&self, source: &Arc<Source>) {
        let key = cache_key(source, None, source.format, &self.settings);
        self.want(Rendition {
            source: source.clone(),
            width: None,
            format: source.format,
            out: source.url.trim_start_matches('/').to_string(),
            key,
        });
    }

    /// Renditions of `source` at every configured width up to `width`,
    /// the fallback at `width` (the widest when `None`). `None` for GIFs,
    /// which are shown as they are.
    pub fn picture(&self, source: &Arc<Source>, width: Option<u32>) -> Option<Picture> {
        let formats = source.formats(&self.settings);
        let fallback = *formats.last()?;
        let mut widths = source.widths(&self.settings);
        let chosen = match width {
            Some(w) => {
                let w = w.clamp(1, source.width);
                if !widths.contains(&w) {
                    widths.push(w);
                    widths.sort_unstable();
                }
                widths.retain(|x| *x <= w);
                w
            }
            None => *widths.last()?,
        };
        let mut sets: Vec<(Format, String)> = Vec::new();
        let mut url = String::new();
        for format in &formats {
            let mut set = Vec::new();
            for w in &widths {
                let r = self.rendition(source, *w, *format);
                if *format == fallback && *w == chosen {
                    url = format!("/{}", r.out);
                }
                set.push(format!("/{} {w}w", r.out));
            }
            sets.push((*format, set.join(", ")));
        }
        let (_, srcset) = sets.pop()?;
        Some(Picture {
            url,
            width: chosen,
            height: source.height_at(chosen),
            mime: fallback.mime(),
            srcset,
            sources: sets
                .into_iter()
                .map(|(f, srcset)| PictureSource {
                    mime: f.mime(),
                    srcset,
                })
                .collect(),
        })
    }

    /// One rendition in the fallback format at `width` (a share image:
    /// social sites read JPEG and PNG, not all read WebP).
    pub fn single(&self, source: &Arc<Source>, width: u32) -> String {
        let format = match source.format {
            Format::Gif => return source.url.clone(),
            f => f,
        };
        let r = self.rendition(source, width.clamp(1, source.width), format);
        format!("/{}", r.out)
    }

    fn rendition(&self, source: &Arc<Source>, width: u32, format: Format) -> Rendition {
        let key = cache_key(source, Some(width), format, &self.settings);
        let (dir, name) = source.url.rsplit_once('/').unwrap_or(("", &source.url));
        let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
        let out = format!(
            "{}/{stem}.{width}w.{}.{}",
            dir.trim_start_matches('/'),
            &key[..8],
            format.ext()
        )
        .trim_start_matches('/')
        .to_string();
        let r = Rendition {
            source: source.clone(),
            width: Some(width),
            format,
            out,
            key,
        };
        self.want(r.clone());
        r
    }

    fn want(&self, r: Rendition) {
        lock(&self.wanted).entry(r.out.clone()).or_insert(r);
    }

    /// Every file asked for so far, by output path.
    pub fn wanted(&self) -> Vec<Rendition> {
        lock(&self.wanted).values().cloned().collect()
    }

    /// Where a rendition is (or will be) cached.
    pub fn cached(&self, r: &Rendition) -> PathBuf {
        self.dir.join(&r.key)
    }

    /// Renditions asked for that the cache lacks.
    pub fn missing(&self) -> Vec<Rendition> {
        // One directory listing, not a file-system lookup per rendition.
        let present: std::collections::HashSet<std::ffi::OsString> = std::fs::read_dir(&self.dir)
            .map(|d| d.flatten().map(|e| e.file_name()).collect())
            .unwrap_or_default();
        self.wanted()
            .into_iter()
            .filter(|r| !present.contains(std::ffi::OsStr::new(&r.key)))
            .collect()
    }

    /// Makes what the cache lacks, a few images at a time (each decoded
    /// once for all its renditions), and records what was learned. Errors
    /// name the image and the page line that shows it.
    pub fn make(&self, todo: &[Rendition]) -> Result<usize> {
        use rayon::prelude::*;
        if todo.is_empty() {
            // Nothing to make; a site without photos gets no cache folder.
            if self.dir.is_dir() {
                self.save_index();
            }
            return Ok(0);
        }
        let mut by_source: BTreeMap<&str, Vec<&Rendition>> = BTreeMap::new();
        for r in todo {
            by_source.entry(&r.source.rel).or_default().push(r);
        }
        std::fs::create_dir_all(&self.dir).map_err(|e| Error::io(&self.dir, e))?;
        let errors: Vec<Error> = by_source
            .par_iter()
            .filter_map(|(rel, rs)| {
                let path = self.root.join(rel);
                process::make(&path, rs, &self.settings, &self.dir)
                    .err()
                    .map(|why| self.error(rel, why))
            })
            .collect();
        self.save_index();
        if !errors.is_empty() {
            return Err(Error::many(errors));
        }
        Ok(by_source.len())
    }

    /// An error about an image: at the line that shows it, or at the file.
    pub fn error(&self, rel: &str, why: String) -> Error {
        let shown = crate::content::site_path(&self.root, Path::new(rel));
        match lock(&self.used_at).get(rel) {
            Some(at) => Error::content(at.clone(), format!("image {} {why}", shown.display())),
            None => Error::content(Location::file(shown), format!("this file {why}")),
        }
    }

    /// Rewrites the index when this run read a photo the index did not know.
    fn save_index(&self) {
        let probed = lock(&self.probed);
        let entries: Vec<&Arc<Source>> = probed.values().filter_map(|p| p.as_ref().ok()).collect();
        if entries.iter().any(|s| s.fresh) {
            cache::write_index(&self.dir, entries.into_iter());
        }
    }

    /// Deletes cached files no rendition asked for in this run.
    pub fn prune(&self) -> usize {
        let keep: std::collections::HashSet<String> =
            self.wanted().into_iter().map(|r| r.key).collect();
        cache::prune(&self.dir, &keep)
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Names a cache file by everything that decides its bytes.
fn cache_key(source: &Source, width: Option<u32>, format: Format, s: &ImageSettings) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = siphasher::sip::SipHasher13::new_with_keys(0, 0);
    PIPELINE.hash(&mut h);
    source.hash.hash(&mut h);
    width.hash(&mut h);
    format.hash(&mut h);
    // The cleaned original is the same whatever the quality.
    match (width, format) {
        (None, _) => {}
        (_, Format::Avif) => s.avif_quality.hash(&mut h),
        _ => s.quality.hash(&mut h),
    }
    format!("{:016x}.{}", h.finish(), format.ext())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(width: u32, height: u32, format: Format) -> Arc<Source> {
        Arc::new(Source {
            rel: "content/advice/chair.jpg".into(),
            url: "/advice/chair.jpg".into(),
            format,
            width,
            height,
            orientation: 1,
            hash: 7,
            len: 100,
            mtime: 1,
            fresh: true,
        })
    }

    #[test]
    fn widths_never_upscale() {
        let s = ImageSettings::default();
        assert_eq!(
            source(4000, 3000, Format::Jpeg).widths(&s),
            [480, 960, 1600]
        );
        assert_eq!(source(1000, 750, Format::Jpeg).widths(&s), [480, 960, 1000]);
        assert_eq!(source(300, 200, Format::Jpeg).widths(&s), [300]);
        assert_eq!(source(960, 200, Format::Jpeg).widths(&s), [480, 960]);
    }

    #[test]
    fn picture_lists_each_format_at_each_width() {
        let images = Images::new(Path::new("/nonexistent"), &ImageSettings::default());
        let p = images
            .picture(&source(4000, 3000, Format::Jpeg), None)
            .unwrap();
        assert_eq!((p.width, p.height, p.mime), (1600, 1200, "image/jpeg"));
        assert!(p.url.starts_with("/advice/chair.1600w.") && p.url.ends_with(".jpg"));
        assert_eq!(p.srcset.matches("w, ").count(), 2, "{}", p.srcset);
        assert_eq!(p.sources.len(), 1);
        assert_eq!(p.sources[0].mime, "image/webp");
        assert!(p.sources[0].srcset.contains(".480w.") && p.sources[0].srcset.ends_with(" 1600w"));
        // A width between the configured ones is made as asked.
        let p = images
            .picture(&source(4000, 3000, Format::Png), Some(1200))
            .unwrap();
        assert_eq!((p.width, p.height, p.mime), (1200, 900, "image/png"));
        assert!(p.srcset.ends_with(" 1200w") && !p.srcset.contains("1600w"));
        assert!(images
            .picture(&source(400, 300, Format::Gif), None)
            .is_none());
    }

    #[test]
    fn keys_change_with_content_and_settings() {
        let s = ImageSettings::default();
        let a = source(4000, 3000, Format::Jpeg);
        let mut b = (*a).clone();
        b.hash = 8;
        let k = |src: &Source, s: &ImageSettings| cache_key(src, Some(480), Format::WebP, s);
        assert_ne!(k(&a, &s), k(&b, &s));
        let q = ImageSettings {
            quality: 50,
            ..ImageSettings::default()
        };
        assert_ne!(k(&a, &s), k(&a, &q));
        assert_eq!(k(&a, &s), k(&a, &s));
    }
}
