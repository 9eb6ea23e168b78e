//! What templates get of a page's other languages: its translations (for
//! `hreflang`) and the language switcher.

use super::*;

/// For a site in several languages: `translations`, this page in each
/// language that has it (`tag`, `name`, `url` from the root, `permalink`,
/// `current`, `locale`), with `x_default` (the default language's
/// permalink, for `hreflang="x-default"`); and `language_switch`, every
/// language with this page's address in it, or that language's home page
/// (`exists` false) when it has no translation of this one.
pub(super) fn insert_languages(m: &mut Map<String, Value>, site: &Site, job: &Job) {
    let t = &site.translations;
    if !t.is_multilingual() {
        m.insert("translations".into(), json!([]));
        m.insert("language_switch".into(), json!([]));
        return;
    }
    let alternates = t.alternates(site, job);
    let base = &site.config.base_url;
    let entry = |l: usize, url: &str, exists: bool| {
        let lang = &t.languages[l];
        json!({
            "code": lang.code,
            "tag": lang.tag,
            "name": lang.name,
            "url": url,
            "permalink": format!("{base}{url}"),
            "current": l == site.language,
            "exists": exists,
            "locale": lang.locale,
        })
    };
    let list: Vec<Value> = alternates
        .iter()
        .map(|a| entry(a.language, &a.url, true))
        .collect();
    let x_default = alternates
        .iter()
        .find(|a| a.language == 0)
        .map(|a| format!("{base}{}", a.url));
    let switch: Vec<Value> = (0..t.languages.len())
        .map(|l| match alternates.iter().find(|a| a.language == l) {
            Some(a) => entry(l, &a.url, true),
            None => entry(l, &format!("{}/", t.languages[l].prefix), false),
        })
        .collect();
    m.insert("translations".into(), Value::Array(list));
    m.insert("x_default".into(), json!(x_default));
    m.insert("language_switch".into(), Value::Array(switch));
}
