//! `[languages.<code>]`: the languages a site is published in besides its
//! default (`language`). A language's code is what its files carry before
//! their extension (`core-stability.es.md`) and the folder its pages are
//! published below (`/es/`); the default language stays at the root.

use super::*;

/// One other language of the site.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageSettings {
    /// What the language switcher shows (`Español`); by default the
    /// language's own name when lumbar knows it, else the code.
    #[serde(default)]
    pub name: String,
    /// The BCP 47 tag pages declare (`es-ES`, `cy-GB`); by default the code.
    #[serde(default)]
    pub tag: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub disclaimer: Option<String>,
    /// `og:locale` (`es_ES`); by default made from `tag`.
    #[serde(default)]
    pub locale: Option<String>,
}

/// Languages' names in their own words, for the switcher when site.toml
/// gives none. Patients look for their language written their way.
const NAMES: [(&str, &str); 32] = [
    ("af", "Afrikaans"),
    ("ar", "العربية"),
    ("bn", "বাংলা"),
    ("cy", "Cymraeg"),
    ("da", "Dansk"),
    ("de", "Deutsch"),
    ("el", "Ελληνικά"),
    ("en", "English"),
    ("es", "Español"),
    ("fi", "Suomi"),
    ("fr", "Français"),
    ("ga", "Gaeilge"),
    ("gd", "Gàidhlig"),
    ("hi", "हिन्दी"),
    ("hu", "Magyar"),
    ("it", "Italiano"),
    ("ja", "日本語"),
    ("nl", "Nederlands"),
    ("no", "Norsk"),
    ("pa", "ਪੰਜਾਬੀ"),
    ("pl", "Polski"),
    ("pt", "Português"),
    ("ro", "Română"),
    ("ru", "Русский"),
    ("so", "Soomaali"),
    ("sv", "Svenska"),
    ("tr", "Türkçe"),
    ("uk", "Українська"),
    ("ur", "اردو"),
    ("vi", "Tiếng Việt"),
    ("xh", "isiXhosa"),
    ("zu", "isiZulu"),
];

/// The primary subtag of a language tag, lower-case (`en-GB` → `en`).
pub fn primary_subtag(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or(tag)
        .trim()
        .to_ascii_lowercase()
}

/// Whether `s` has the shape of a language code in a file name: two or
/// three lower-case letters, optionally with a region (`pt-br`).
pub fn looks_like_code(s: &str) -> bool {
    let (lang, region) = s.split_once('-').unwrap_or((s, ""));
    (2..=3).contains(&lang.len())
        && lang.bytes().all(|b| b.is_ascii_lowercase())
        && (region.is_empty()
            || ((2..=4).contains(&region.len())
                && region.bytes().all(|b| b.is_ascii_alphanumeric())))
}

fn known_name(code: &str) -> Option<&'static str> {
    let primary = primary_subtag(code);
    NAMES.iter().find(|(c, _)| *c == primary).map(|(_, n)| *n)
}

/// One language of the site as pages and the switcher see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Language {
    /// In file names and the URL prefix (`es`); the default's primary subtag.
    pub code: String,
    /// `lang` and `hreflang` (`es-ES`).
    pub tag: String,
    pub name: String,
    /// In front of the language's URLs: empty for the default, `/es`.
    pub prefix: String,
    /// `og:locale` (`es_ES`); empty when neither `locale` nor the tag
    /// names a country.
    pub locale: String,
}

impl LanguageSettings {
    /// The tag of language `code`: `tag`, else the code itself.
    fn tag_for(&self, code: &str) -> String {
        match self.tag.trim() {
            "" => code.to_string(),
            tag => tag.to_string(),
        }
    }
}

impl Config {
    /// The default language's tag (`language`, also in another language's
    /// view of the settings).
    pub fn default_tag(&self) -> &str {
        if self.default_language.is_empty() {
            &self.language
        } else {
            &self.default_language
        }
    }

    /// The default language's code: what its files may carry (`x.en.md`).
    pub fn language_code(&self) -> String {
        primary_subtag(self.default_tag())
    }

    /// Every language, the default first, then the others by code. Asked
    /// of the site's own settings, not a language's view of them.
    pub fn languages(&self) -> Vec<Language> {
        let code = self.language_code();
        let mut out = vec![Language {
            name: if self.language_name.trim().is_empty() {
                known_name(&code).unwrap_or(&code).to_string()
            } else {
                self.language_name.trim().to_string()
            },
            tag: self.default_tag().to_string(),
            prefix: String::new(),
            locale: self.og_locale(),
            code,
        }];
        for (code, s) in &self.languages {
            out.push(Language {
                code: code.clone(),
                tag: s.tag_for(code),
                name: if s.name.trim().is_empty() {
                    known_name(code).unwrap_or(code).to_string()
                } else {
                    s.name.trim().to_string()
                },
                prefix: format!("/{code}"),
                locale: self.for_language(code).og_locale(),
            });
        }
        out
    }

    /// The settings as pages in language `code` see them: its tag, title,
    /// description, disclaimer and locale in place of the default's.
    pub fn for_language(&self, code: &str) -> Config {
        let mut c = self.clone();
        if let Some(s) = self.languages.get(code) {
            c.urls.prefix = format!("/{code}");
            c.default_language = self.language.clone();
            c.language = s.tag_for(code);
            for (to, from) in [
                (&mut c.title, &s.title),
                (&mut c.description, &s.description),
                (&mut c.disclaimer, &s.disclaimer),
            ] {
                if let Some(v) = from {
                    *to = v.clone();
                }
            }
            c.locale = s.locale.clone().unwrap_or_default();
        }
        c
    }
}

/// A language code site.toml cannot use, and why.
pub(super) fn language_problem(config: &Config) -> Option<(String, String)> {
    let default = config.language_code();
    for code in config.languages.keys() {
        let why = if !looks_like_code(code) {
            format!("`{code}` is not a language code: use two or three lower-case letters, e.g. [languages.es] or [languages.cy]")
        } else if *code == default {
            format!(
                "`{code}` is the default language (language = {:?}); [languages] lists the others",
                config.language
            )
        } else {
            continue;
        };
        return Some((code.clone(), why));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names() {
        for ok in ["es", "cy", "haw", "pt-br", "zh-hant"] {
            assert!(looks_like_code(ok), "{ok}");
        }
        for not in ["e", "ES", "v2", "draft", "es_", "x-1"] {
            assert!(!looks_like_code(not), "{not}");
        }
        assert_eq!(known_name("es"), Some("Español"));
        assert_eq!(known_name("pt-br"), Some("Português"));
        assert_eq!(primary_subtag("en-GB"), "en");
    }
}

/// Where the pages of the language a [`Config`] is for are published: its
/// folder, and the outputs it has of its own (as output paths). A
/// root-relative link is to one of those (`/es/training/`), or to a file
/// all languages share or the default language's page listed in place of a
/// translation (`/css/site.css`, `/training/untranslated/`).
#[derive(Debug, Clone, Default)]
pub struct LanguageUrls {
    pub prefix: String,
    pub own: std::sync::Arc<std::collections::HashSet<String>>,
}

impl LanguageUrls {
    /// An output path in the language's own terms (`training/index.html`)
    /// as published (`es/training/index.html`).
    /// A folder's path (`training`) counts as its index page's.
    pub fn output(&self, path: &str) -> String {
        let own = || self.own.contains(path) || self.own.contains(&format!("{path}/index.html"));
        match self.prefix.strip_prefix('/') {
            Some(folder) if own() => format!("{folder}/{path}"),
            _ => path.to_string(),
        }
    }

    /// `url` (root-relative, in the language's own terms) as a path from
    /// the site's root.
    pub fn global<'a>(&self, url: &'a str) -> std::borrow::Cow<'a, str> {
        if self.prefix.is_empty() || !url.starts_with('/') || url.starts_with("//") {
            return url.into();
        }
        let path = url.split(['?', '#']).next().unwrap_or(url);
        let own = |p: &str| self.own.contains(&crate::render::output_path(p));
        let is_own = own(path)
            || (!path.ends_with('/')
                && !path.rsplit('/').next().unwrap_or("").contains('.')
                && own(&format!("{path}/")));
        if is_own {
            format!("{}{url}", self.prefix).into()
        } else {
            url.into()
        }
    }
}

impl Config {
    /// Rendered HTML with its root-relative links as published: the base
    /// path in front of each, and the language's folder in front of links
    /// to the language's own pages (see [`LanguageUrls`]).
    pub fn publish_links(&self, html: &str) -> String {
        let base = self.base_path();
        if base.is_empty() && self.urls.prefix.is_empty() {
            return html.to_string();
        }
        crate::text::rewrite_root_links(html, &|url, global| {
            let t = url.trim_start();
            if base.is_empty() {
                let g = self.urls.global(t);
                return (!global && g != t).then(|| g.into_owned());
            }
            // Not root-relative, or written with the base path already: as is.
            let based = crate::text::with_base(t, base)?;
            Some(if global {
                based
            } else {
                format!("{base}{}", self.urls.global(t))
            })
        })
    }
}
