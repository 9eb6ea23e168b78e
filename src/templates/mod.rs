//! Templates: loading them by theme resolution (a site's `templates/`
//! overrides its theme's files of the same name), turning Tera's errors into
//! one `file:line:column` line, what each template depends on, and the
//! guards that keep a template from crashing lumbar: include/import/extends
//! cycles are refused before anything renders, and macro recursion is bounded.

use crate::assets::Assets;
use crate::config::Config;
use crate::content::{shown_path, site_path, Page};
use crate::error::{read_utf8, Error, Location, Result};
use crate::images::Images;
use crate::text::escape_html;
use crate::theme;
use std::cell::Cell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tera::ast::{Expr, ExprVal, FunctionCall, Node, WS};
use tera::{Context, Tera};

mod checks;
mod functions;

use checks::*;
use functions::*;

/// How deep macro calls may nest. Real recursive macros (a menu tree) stay
/// far below; an endless one hits this long before the stack runs out.
pub const MAX_MACRO_DEPTH: usize = 64;

thread_local! {
    static MACRO_DEPTH: Cell<usize> = const { Cell::new(0) };
}

/// The templates every theme must have.
const REQUIRED: [&str; 8] = [
    "base.html",
    "page.html",
    "section.html",
    "index.html",
    "faq.html",
    "term.html",
    "taxonomy.html",
    "404.html",
];

pub struct Templates {
    tera: Tera,
    /// Template name → the file it came from (theme or site override).
    pub sources: HashMap<String, PathBuf>,
    /// Template name → its text, for finding positions in errors.
    texts: HashMap<String, String>,
    /// Template name → every template it extends, includes or imports, transitively.
    deps: HashMap<String, HashSet<String>>,
    /// `id="…"` values written literally in templates: Markdown headings
    /// must not take them, or a page would hold the same id twice.
    pub reserved_ids: HashSet<String>,
    /// The theme's words for what lumbar generates (see [`theme::strings`]).
    pub strings: BTreeMap<String, String>,
    /// Stylesheet and script URLs, once the static files are known.
    pub assets: Assets,
    /// Set once the site's files are known (see [`Templates::set_images`]).
    pub images: Option<Arc<Images>>,
}

impl Templates {
    pub fn load(root: &Path, config: &Config) -> Result<Templates> {
        // name → (file named in errors, text); later sources override earlier ones.
        let mut found: BTreeMap<String, (PathBuf, String)> = Default::default();
        let mut errors = Vec::new();
        for (name, source) in theme::resolve(root, config, theme::Kind::Templates)? {
            match source {
                theme::Source::BuiltIn(text) => {
                    let shown = PathBuf::from(format!("<built-in theme>/templates/{name}"));
                    found.insert(name, (shown, text.to_string()));
                }
                theme::Source::Generated(text) => {
                    found.insert(name.clone(), (PathBuf::from(name), text.to_string()));
                }
                theme::Source::File(path) => {
                    let shown = shown_path(root, &path);
                    match read_utf8(&path) {
                        Ok(text) => {
                            found.insert(name, (shown, text));
                        }
                        Err(Error::Content { at, message }) => errors.push(Error::Template {
                            at: Location {
                                path: shown.clone(),
                                ..at
                            },
                            message,
                        }),
                        Err(e) => errors.push(e),
                    }
                }
            }
        }
        let sources: HashMap<String, PathBuf> = found
            .iter()
            .map(|(n, (p, _))| (n.clone(), p.clone()))
            .collect();
        let texts: HashMap<String, String> = found.into_iter().map(|(n, (_, t))| (n, t)).collect();
        // Parse one by one first so each syntax error names its own file.
        let mut parsed = BTreeMap::new();
        for (name, text) in &texts {
            match tera::Template::new(name, None, text) {
                Ok(t) => {
                    parsed.insert(name.clone(), t);
                }
                Err(e) => {
                    let (msg, pos) = tera_message(&e);
                    let (line, column) = pos.unwrap_or((1, 1));
                    errors.push(Error::Template {
                        at: Location::new(&sources[name], line, column),
                        message: msg,
                    });
                }
            }
        }
        if !errors.is_empty() {
            return Err(Error::many(errors));
        }
        let direct: HashMap<String, Vec<(&'static str, String)>> = parsed
            .iter()
            .map(|(n, t)| (n.clone(), references(t)))
            .collect();
        check_cycles(&direct, &texts, &sources)?;
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(escape_html);
        tera.add_raw_templates(texts.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| {
                let (msg, pos) = tera_message(&e);
                let (line, column) = pos.unwrap_or((0, 0));
                let culprit = sources
                    .keys()
                    .find(|n| msg.contains(&format!("'{n}'")))
                    .map(|n| sources[n].clone());
                Error::Template {
                    at: Location::new(
                        culprit.unwrap_or_else(|| PathBuf::from("templates")),
                        line,
                        column,
                    ),
                    message: msg,
                }
            })?;
        bound_macro_recursion(&mut tera);
        tera.register_function("qr", QrCode);
        for required in REQUIRED {
            if !sources.contains_key(required) {
                return Err(Error::Template {
                    at: Location::new(
                        site_path(
                            root,
                            &Path::new("themes").join(&config.theme).join("templates"),
                        ),
                        0,
                        0,
                    ),
                    message: format!("the theme has no {required}"),
                });
            }
        }
        let deps = transitive(&direct);
        let reserved_ids = literal_ids(&texts);
        let strings = theme::strings(root, config)?;
        Ok(Templates {
            tera,
            sources,
            texts,
            deps,
            reserved_ids,
            strings,
            assets: Assets::default(),
            images: None,
        })
    }

    /// Makes `asset(path="css/style.css")` answer with the URL the build
    /// gives that file (fingerprinted in `build`, plain in `serve`).
    /// Makes `image(path=…, width=…)` answer from `images`.
    pub fn set_images(&mut self, images: Arc<Images>) {
        self.tera
            .register_function("image", ImageFn(images.clone()));
        self.images = Some(images);
    }

    pub fn set_assets(&mut self, assets: Assets) {
        self.tera
            .register_function("asset", AssetUrl(assets.clone()));
        self.assets = assets;
    }

    /// One of the theme's words; the key itself if no file has it.
    pub fn string(&self, key: &str) -> String {
        self.strings
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    pub fn has(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }

    /// True when template `name` would change if the file for `changed` changed.
    pub fn depends_on(&self, name: &str, changed: &str) -> bool {
        name == changed || self.deps.get(name).is_some_and(|d| d.contains(changed))
    }

    pub fn render(&self, name: &str, ctx: &Context, page: Option<&Page>) -> Result<String> {
        MACRO_DEPTH.with(|d| d.set(0));
        self.tera.render(name, ctx).map_err(|e| {
            let (msg, _) = tera_message(&e);
            let (file, line, column) = self.locate(name, &msg);
            let msg = msg.replace(&format!("Function call '{ENTER}' failed: {ENTER}: "), "");
            let msg = match page {
                Some(p) => format!("{msg} (while rendering {})", p.path.display()),
                None => msg,
            };
            Error::Template {
                at: Location::new(file, line, column),
                message: msg,
            }
        })
    }

    /// Where a render error most likely comes from. Tera does not keep
    /// positions after parsing, so this finds what the message names (a
    /// variable, filter, function or macro) in the template and the ones it
    /// pulls in, nearest first.
    fn locate(&self, name: &str, msg: &str) -> (PathBuf, usize, usize) {
        let path_of = |n: &str| self.sources.get(n).cloned().unwrap_or_else(|| n.into());
        let mut needles: Vec<String> = Vec::new();
        // The innermost macro is named last; its definition is the place to look.
        for rest in msg
            .split("macro `")
            .skip(1)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
        {
            if let Some(m) = rest.split('`').next() {
                let m = m.rsplit("::").next().unwrap_or(m);
                needles.push(format!("macro {m}("));
            }
        }
        for quoted in msg.split('`').skip(1).step_by(2) {
            if !quoted.is_empty() {
                needles.push(quoted.to_string());
            }
        }
        // Filters, tests and functions are named in single quotes, like templates.
        for quoted in msg.split('\'').skip(1).step_by(2) {
            if !quoted.is_empty() && !self.texts.contains_key(quoted) {
                needles.push(quoted.to_string());
            }
        }
        // The failing template is named last in Tera's chain ("… while rendering 'x'").
        let mut order: Vec<String> = msg
            .split('\'')
            .skip(1)
            .step_by(2)
            .filter(|n| self.texts.contains_key(*n))
            .map(str::to_string)
            .collect();
        order.reverse();
        order.push(name.to_string());
        let mut deps: Vec<&String> = self.deps.get(name).into_iter().flatten().collect();
        deps.sort();
        order.extend(deps.into_iter().cloned());
        for needle in &needles {
            for t in &order {
                if let Some((l, c)) = self.texts.get(t).and_then(|x| find_position(x, needle)) {
                    return (path_of(t), l, c);
                }
            }
        }
        (path_of(name), 0, 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(edges: &[(&str, &'static str, &str)]) -> HashMap<String, Vec<(&'static str, String)>> {
        let mut g: HashMap<String, Vec<(&'static str, String)>> = HashMap::new();
        for (from, kw, to) in edges {
            g.entry(from.to_string())
                .or_default()
                .push((kw, to.to_string()));
            g.entry(to.to_string()).or_default();
        }
        g
    }

    #[test]
    fn loops_are_found_and_chains_are_not() {
        let texts = HashMap::new();
        let sources: HashMap<String, PathBuf> = ["a", "b", "c", "d"]
            .iter()
            .map(|n| (n.to_string(), PathBuf::from(n)))
            .collect();
        let chain = graph(&[
            ("a", "extends", "b"),
            ("b", "include", "c"),
            ("a", "import", "c"),
        ]);
        assert!(check_cycles(&chain, &texts, &sources).is_ok());
        let deps = transitive(&chain);
        assert!(deps["a"].contains("c") && deps["b"].contains("c") && deps["c"].is_empty());
        let looped = graph(&[
            ("a", "include", "b"),
            ("b", "include", "c"),
            ("c", "include", "a"),
        ]);
        let e = check_cycles(&looped, &texts, &sources)
            .unwrap_err()
            .to_string();
        assert!(e.contains("a → b → c → a"), "{e}");
        let own = graph(&[("d", "import", "d")]);
        let e = check_cycles(&own, &texts, &sources)
            .unwrap_err()
            .to_string();
        assert!(e.contains("import each other in a loop (d → d)"), "{e}");
    }

    #[test]
    fn literal_ids_are_reserved_and_computed_ones_are_not() {
        let texts: HashMap<String, String> = [(
            "base.html".to_string(),
            r#"<main id="main"><h2 id='faq'>{{ x }}</h2><p id="{{ q.id }}"></p><p id=""></p>"#
                .to_string(),
        )]
        .into_iter()
        .collect();
        let ids = literal_ids(&texts);
        assert_eq!(ids.len(), 2, "{ids:?}");
        assert!(ids.contains("main") && ids.contains("faq"));
    }
}
