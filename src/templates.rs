//! Templates: loading them by theme resolution (a site's `templates/`
//! overrides its theme's files of the same name), turning Tera's errors into
//! one `file:line:column` line, what each template depends on, and the
//! guards that keep a template from crashing lumbar: include/import/extends
//! cycles are refused before anything renders, and macro recursion is bounded.

use crate::assets::Assets;
use crate::config::Config;
use crate::content::{site_path, Page};
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

/// How deep macro calls may nest. Real recursive macros (a menu tree) stay
/// far below; an endless one hits this long before the stack runs out.
pub const MAX_MACRO_DEPTH: usize = 64;
const ENTER: &str = "__lumbar_macro_enter";
const LEAVE: &str = "__lumbar_macro_leave";

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

/// The `asset(path=…)` template function.
struct AssetUrl(Assets);

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
struct ImageFn(Arc<Images>);

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
struct QrCode;

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

fn tera_message(e: &tera::Error) -> (String, Option<(usize, usize)>) {
    let mut parts = vec![e.to_string()];
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        parts.push(s.to_string());
        src = s.source();
    }
    let full = parts.join(": ");
    // Tera's parser reports positions as " --> line:col".
    let pos = full.find("--> ").and_then(|i| {
        let rest = &full[i + 4..];
        let end = rest
            .find(|c: char| !c.is_ascii_digit() && c != ':')
            .unwrap_or(rest.len());
        let (l, c) = rest[..end].split_once(':')?;
        Some((l.parse().ok()?, c.parse().ok()?))
    });
    let one_line = parts
        .iter()
        .flat_map(|p| p.lines())
        .map(|l| l.trim())
        .filter(|l| {
            !l.is_empty()
                && !l.starts_with("-->")
                && !l.starts_with('|')
                && !l.chars().next().is_some_and(|c| c.is_ascii_digit())
        })
        .map(|l| l.trim_start_matches("= "))
        .collect::<Vec<_>>()
        .join(": ");
    (one_line, pos)
}

/// 1-based line and column of the first `needle` in `text`.
fn find_position(text: &str, needle: &str) -> Option<(usize, usize)> {
    let i = text.find(needle)?;
    Some(crate::error::line_col(text, i))
}

/// Position of the tag `{% kw "name"` (either quote, any spacing).
fn tag_position(text: &str, kw: &str, name: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(i) = text[from..].find(kw) {
        let at = from + i;
        let rest = text[at + kw.len()..].trim_start();
        if rest.starts_with(&format!("\"{name}\"")) || rest.starts_with(&format!("'{name}'")) {
            let tag = text[..at].rfind("{%").unwrap_or(at);
            return Some(crate::error::line_col(text, tag));
        }
        from = at + kw.len();
    }
    None
}

/// What a template pulls in by name: (keyword, template) pairs.
fn references(t: &tera::Template) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if let Some(p) = &t.parent {
        out.push(("extends", p.clone()));
    }
    for (file, _) in &t.imported_macro_files {
        out.push(("import", file.clone()));
    }
    let mut stack: Vec<&Node> = t.ast.iter().collect();
    for m in t.macros.values() {
        stack.extend(m.body.iter());
    }
    for b in t.blocks.values() {
        stack.extend(b.body.iter());
    }
    while let Some(n) = stack.pop() {
        match n {
            Node::Include(_, names, _) => {
                out.extend(names.iter().map(|n| ("include", n.clone())));
            }
            Node::Block(_, b, _) => stack.extend(b.body.iter()),
            Node::Forloop(_, f, _) => {
                stack.extend(f.body.iter());
                stack.extend(f.empty_body.iter().flatten());
            }
            Node::If(i, _) => {
                for (_, _, body) in &i.conditions {
                    stack.extend(body.iter());
                }
                if let Some((_, body)) = &i.otherwise {
                    stack.extend(body.iter());
                }
            }
            Node::FilterSection(_, f, _) => stack.extend(f.body.iter()),
            Node::MacroDefinition(_, m, _) => stack.extend(m.body.iter()),
            _ => {}
        }
    }
    out
}

/// Wraps every macro body in calls that count nesting depth, so an endless
/// recursion is an error instead of a stack overflow that kills the process.
fn bound_macro_recursion(tera: &mut Tera) {
    let call = |name: &str, macro_name: &str| {
        let mut args = HashMap::new();
        args.insert(
            "name".to_string(),
            Expr::new(ExprVal::String(macro_name.to_string())),
        );
        Node::VariableBlock(
            WS::default(),
            Expr::new(ExprVal::FunctionCall(FunctionCall {
                name: name.to_string(),
                args,
            })),
        )
    };
    for t in tera.templates.values_mut() {
        for (name, m) in t.macros.iter_mut() {
            m.body.insert(0, call(ENTER, name));
            m.body.push(call(LEAVE, name));
        }
    }
    tera.register_function(ENTER, |args: &HashMap<String, tera::Value>| {
        let depth = MACRO_DEPTH.with(|d| {
            d.set(d.get() + 1);
            d.get()
        });
        if depth > MAX_MACRO_DEPTH {
            let name = args.get("name").and_then(|v| v.as_str()).unwrap_or("?");
            return Err(tera::Error::msg(format!(
                "{ENTER}: macro `{name}` is nested more than {MAX_MACRO_DEPTH} calls deep; it probably calls itself without end"
            )));
        }
        Ok(tera::Value::String(String::new()))
    });
    tera.register_function(LEAVE, |_: &HashMap<String, tera::Value>| {
        MACRO_DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
        Ok(tera::Value::String(String::new()))
    });
}

/// Every `id="literal"` in the templates (ids built from variables vary
/// per page and are left out).
fn literal_ids(texts: &HashMap<String, String>) -> HashSet<String> {
    let mut ids = HashSet::new();
    for text in texts.values() {
        for quote in ['"', '\''] {
            let needle = format!("id={quote}");
            let mut rest = text.as_str();
            while let Some(i) = rest.find(&needle) {
                rest = &rest[i + needle.len()..];
                if let Some(end) = rest.find(quote) {
                    let id = &rest[..end];
                    if !id.is_empty() && !id.contains("{{") && !id.contains("{%") {
                        ids.insert(id.to_string());
                    }
                }
            }
        }
    }
    ids
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
                    let shown = site_path(root, path.strip_prefix(root).unwrap_or(&path));
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

/// Refuses a template that extends, includes or imports itself, directly or
/// through others: Tera would recurse until the stack overflows.
fn check_cycles(
    direct: &HashMap<String, Vec<(&'static str, String)>>,
    texts: &HashMap<String, String>,
    sources: &HashMap<String, PathBuf>,
) -> Result<()> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Visiting,
        Done,
    }
    let mut marks: HashMap<&str, Mark> = HashMap::new();
    let mut names: Vec<&String> = direct.keys().collect();
    names.sort();
    for start in names {
        if marks.contains_key(start.as_str()) {
            continue;
        }
        // Iterative DFS: (template, index of next reference), with the path so far.
        let mut stack: Vec<(&str, usize)> = vec![(start.as_str(), 0)];
        marks.insert(start, Mark::Visiting);
        while let Some((node, i)) = stack.last().copied() {
            let refs = direct.get(node).map(Vec::as_slice).unwrap_or(&[]);
            if i == refs.len() {
                marks.insert(node, Mark::Done);
                stack.pop();
                continue;
            }
            stack.last_mut().expect("non-empty").1 += 1;
            let (kw, target) = (&refs[i].0, refs[i].1.as_str());
            match marks.get(target) {
                Some(Mark::Visiting) => {
                    let from = stack.iter().position(|(n, _)| *n == target).unwrap_or(0);
                    let mut chain: Vec<&str> = stack[from..].iter().map(|(n, _)| *n).collect();
                    chain.push(target);
                    let (line, column) = texts
                        .get(node)
                        .and_then(|t| tag_position(t, kw, target))
                        .unwrap_or((1, 1));
                    return Err(Error::Template {
                        at: Location::new(&sources[node], line, column),
                        message: format!(
                            "templates {} each other in a loop ({}); it would never finish. Use a macro for recursion",
                            kw.trim_end_matches('s'),
                            chain.join(" → ")
                        ),
                    });
                }
                Some(Mark::Done) => {}
                None if direct.contains_key(target) => {
                    marks.insert(target, Mark::Visiting);
                    stack.push((target, 0));
                }
                None => {}
            }
        }
    }
    Ok(())
}

fn transitive(
    direct: &HashMap<String, Vec<(&'static str, String)>>,
) -> HashMap<String, HashSet<String>> {
    let mut all = HashMap::new();
    for name in direct.keys() {
        let mut seen: HashSet<String> = HashSet::new();
        let mut stack = vec![name.clone()];
        while let Some(n) = stack.pop() {
            for (_, d) in direct.get(n.as_str()).into_iter().flatten() {
                if seen.insert(d.clone()) {
                    stack.push(d.clone());
                }
            }
        }
        all.insert(name.clone(), seen);
    }
    all
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
