//! What each page is checked for: clinical review dates, red-flag symptoms
//! outside care cards, reading level, accessibility, image sizes, and FAQ
//! questions asked twice.

use super::*;

pub(super) fn review(ctx: &mut Ctx, page: &Page, today: NaiveDate) {
    if !page.is_reviewable() {
        return;
    }
    let months = ctx.site.config.review_interval_months;
    let due = page
        .review_due(months)
        .map_or_else(String::new, |d| d.to_string());
    let reviewed_line = page.at("reviewed").line();
    let mut add =
        |severity, line, message: String| ctx.add(severity, "review", page, line, message);
    match page.review_status(months, today) {
        ReviewStatus::NeverReviewed => add(
            Severity::Warning,
            1,
            "no `reviewed:` date: add the date a clinician last checked this page".into(),
        ),
        ReviewStatus::Overdue => {
            let last = page
                .reviewed
                .map_or_else(|| "never".into(), |d| d.to_string());
            add(
                Severity::Warning,
                reviewed_line,
                format!("overdue for clinical review: due {due} (last reviewed {last}); review it, then update `reviewed:`"),
            );
        }
        ReviewStatus::DueSoon => add(
            Severity::Info,
            reviewed_line,
            format!("clinical review due {due} (within {DUE_SOON_DAYS} days)"),
        ),
        ReviewStatus::Ok => {}
    }
    if page.reviewed.is_some() && page.reviewed_by.is_none() {
        add(
            Severity::Warning,
            reviewed_line,
            "`reviewed:` without `reviewed_by:`: name the clinician who checked it, so the page can show their credentials".into(),
        );
    }
    if page.reviewed_by.is_some() && page.reviewed_by == page.author {
        add(
            Severity::Warning,
            page.at("reviewed_by").line(),
            "reviewed by its own author: a clinical review should be done by someone else".into(),
        );
    }
    if page.kind == Kind::Article
        && page.references.is_empty()
        && ctx.site.config.require_references
    {
        ctx.add(
            Severity::Warning,
            "references",
            page,
            1,
            "no `references:`: list the sources this advice rests on (or set `require_references = false` in site.toml)".into(),
        );
    }
}

/// Red-flag signs of back pain that need same-day care: a page that names
/// one should say so in an emergency or urgent care card, not in passing.
pub(super) const RED_FLAGS: [&str; 10] = [
    "cauda equina",
    "saddle numbness",
    "numbness around your genitals",
    "numbness around your bottom",
    "bladder",
    "bowel",
    "weakness in your legs",
    "leg weakness",
    "fever",
    "unexplained weight loss",
];

/// The text of `body` outside its emergency and urgent care cards, lowercased.
pub(super) fn outside_urgent_cards(body: &crate::markdown::Rendered) -> String {
    let text = body.text();
    let mut kept = String::with_capacity(text.len());
    let mut from = 0;
    for card in body.care_cards.iter().filter(|c| c.urgent) {
        kept.push_str(&text[from..card.span.start]);
        kept.push('\n');
        from = card.span.end;
    }
    kept.push_str(&text[from..]);
    kept.to_lowercase()
}

pub(super) fn red_flags(ctx: &mut Ctx, page: &Page) {
    let care = &ctx.site.config.care;
    let terms: Vec<String> = match &care.red_flags {
        Some(list) => list.iter().map(|t| t.to_lowercase()).collect(),
        None => RED_FLAGS.iter().map(|t| t.to_string()).collect(),
    };
    let places = std::iter::once((page.body_line, &page.body))
        .chain(page.questions.iter().map(|q| (q.answer_line, &q.answer)));
    for (line, body) in places {
        let text = outside_urgent_cards(body);
        for term in terms
            .iter()
            .filter(|t| !t.is_empty() && text.contains(t.as_str()))
        {
            ctx.add(
                Severity::Warning,
                "care",
                page,
                line,
                format!("mentions \"{term}\" outside an emergency or urgent care card: say when to get help in a > [!EMERGENCY] or > [!URGENT] card ([care] red_flags in site.toml sets these words)"),
            );
        }
    }
}

/// Reading grade by the formula for the page's language (see
/// [`readability::Formula`]); a language without one is reported once by
/// the caller.
pub(super) fn reading_level(ctx: &mut Ctx, page: &Page, formula: readability::Formula) {
    let max = ctx.site.config.max_reading_grade;
    let by = match formula {
        readability::Formula::FleschKincaid => String::new(),
        f => format!(" ({})", f.name()),
    };
    if page.kind == Kind::Article {
        if let Some(g) = formula.grade(&page.body.text()) {
            if g > max {
                ctx.add(Severity::Warning, "readability", page, page.body_line, format!("reading grade {g:.1}{by} is above {max} (max_reading_grade): use shorter sentences and everyday words"));
            }
        }
    }
    for q in &page.questions {
        if let Some(g) = formula.grade(&q.answer.text()) {
            if g > max {
                ctx.add(
                    Severity::Warning,
                    "readability",
                    page,
                    q.answer_line,
                    format!(
                        "answer to {:?} has reading grade {g:.1}{by}, above {max}",
                        q.question
                    ),
                );
            }
        }
    }
}

pub(super) fn lint_findings(ctx: &mut Ctx, page: &Page, body: &Rendered, headings: bool) {
    for (line, lint) in &body.lints {
        match lint {
            Lint::ImageWithoutAlt => ctx.add(
                Severity::Error,
                "accessibility",
                page,
                *line,
                "image without alt text: describe it, e.g. ![Side plank from the knees](plank.jpg)"
                    .into(),
            ),
            Lint::EmptyLinkText => ctx.add(
                Severity::Error,
                "accessibility",
                page,
                *line,
                "link without text: screen readers announce it as just \"link\"".into(),
            ),
            Lint::SkippedHeadingLevel { from, to } if headings => ctx.add(
                Severity::Warning,
                "accessibility",
                page,
                *line,
                format!("heading level skips from h{from} to h{to}"),
            ),
            Lint::SkippedHeadingLevel { .. } => {}
        }
    }
}

pub(super) fn accessibility(ctx: &mut Ctx, page: &Page) {
    lint_findings(ctx, page, &page.body, true);
    if let Some(h) = page.body.headings.iter().find(|h| h.level == 1) {
        ctx.add(
            Severity::Warning,
            "accessibility",
            page,
            h.line as usize,
            "a `#` heading in the body adds a second h1 (the title is the page's h1): use `##`"
                .into(),
        );
    }
    for q in &page.questions {
        lint_findings(ctx, page, &q.answer, false);
    }
}

/// Originals over `max_file_mb`: pages show resized copies, but the
/// original is published too and every copy of the site carries it.
pub(super) fn image_sizes(ctx: &mut Ctx, page: &Page, images: &crate::images::Images) {
    let limit = images.settings.max_file_mb;
    let mut named: Vec<(usize, String)> = links_of(page)
        .filter(|l| l.image && l.missing.is_none())
        .map(|l| (l.line, l.target.clone()))
        .collect();
    if let Some(a) = &page.image {
        named.push((page.at("image").line(), a.url.clone()));
    }
    for (line, url) in named {
        let Ok(Some(source)) = images.at_url(&url) else {
            continue;
        };
        let mb = source.len as f64 / 1_000_000.0;
        if mb > limit {
            let size = if mb < 1.0 {
                format!("{:.0} KB", mb * 1000.0)
            } else {
                format!("{mb:.1} MB")
            };
            ctx.add(
                Severity::Warning,
                "images",
                page,
                line,
                format!(
                    "image {url} is {size}, over the {limit} MB limit (`max_file_mb` under [images]): \
                     pages show resized copies, but the original is published too; save it smaller (2400 px wide is plenty)"
                ),
            );
        }
    }
}

pub(super) fn normalise_question(q: &str) -> String {
    let letters: String = q
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    crate::text::single_spaced(&letters)
}

pub(super) fn faq_quality(ctx: &mut Ctx) {
    let min = ctx.site.config.min_answer_words;
    let mut seen: HashMap<String, (String, usize)> = HashMap::new();
    let mut faq_pages: Vec<&Page> = ctx
        .site
        .pages
        .iter()
        .filter(|p| p.kind == Kind::Faq)
        .collect();
    faq_pages.sort_by(|a, b| a.rel.cmp(&b.rel));
    for page in faq_pages {
        for q in &page.questions {
            let norm = normalise_question(&q.question);
            if let Some((file, line)) = seen.get(&norm) {
                let msg = format!(
                    "the question {:?} is also asked at {file}:{line}",
                    q.question
                );
                ctx.add(Severity::Warning, "faq", page, q.line, msg);
            } else {
                seen.insert(norm, (page.path.display().to_string(), q.line));
            }
            if !q.question.trim_end().ends_with('?') {
                ctx.add(
                    Severity::Warning,
                    "faq",
                    page,
                    q.line,
                    format!(
                        "question {:?} does not end with a question mark",
                        q.question
                    ),
                );
            }
            if q.answer.words < min {
                ctx.add(
                    Severity::Warning,
                    "faq",
                    page,
                    q.answer_line,
                    format!(
                        "answer to {:?} has {} words; give at least {min} (min_answer_words)",
                        q.question, q.answer.words
                    ),
                );
            }
        }
    }
}
