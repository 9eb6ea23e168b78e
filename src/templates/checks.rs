//! What is known about templates before anything renders: where Tera's
//! errors are, what each template includes, imports or extends (for cycles
//! and for what an edit re-renders), the ids they write, and a bound on
//! macro recursion.

use super::*;

pub(super) const ENTER: &str = "__lumbar_macro_enter";

pub(super) const LEAVE: &str = "__lumbar_macro_leave";

pub(super) fn tera_message(e: &tera::Error) -> (String, Option<(usize, usize)>) {
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
pub(super) fn find_position(text: &str, needle: &str) -> Option<(usize, usize)> {
    let i = text.find(needle)?;
    Some(crate::error::line_col(text, i))
}

/// Position of the tag `{% kw "name"` (either quote, any spacing).
pub(super) fn tag_position(text: &str, kw: &str, name: &str) -> Option<(usize, usize)> {
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
pub(super) fn references(t: &tera::Template) -> Vec<(&'static str, String)> {
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
pub(super) fn bound_macro_recursion(tera: &mut Tera) {
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
pub(super) fn literal_ids(texts: &HashMap<String, String>) -> HashSet<String> {
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

/// Refuses a template that extends, includes or imports itself, directly or
/// through others: Tera would recurse until the stack overflows.
pub(super) fn check_cycles(
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

pub(super) fn transitive(
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
