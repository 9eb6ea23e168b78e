//! Clinical trust, on the `trust` fixture: people and their profiles, who
//! wrote and reviewed each page, the review cycle and its report, references
//! and citations, and the structured data search engines read from them.

use crate::bad_input::fails_in;
use crate::common::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The day the fixture is judged on: the sciatica page's review (due
/// 2026-07-10) is due within 30 days, the old page's is overdue.
const TODAY: &str = "2026-06-15";

fn built() -> tempfile::TempDir {
    let site = copy_fixture("trust");
    build(site.path(), &["--today", TODAY]);
    site
}

fn node<'a>(ld: &'a Value, kind: &str) -> &'a Value {
    ld["@graph"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["@type"] == kind)
        .unwrap_or_else(|| panic!("no {kind} in {ld}"))
}

#[test]
fn people_get_profiles_and_pages_show_author_and_reviewer() {
    let site = built();
    let root = site.path();
    let team = read(root, "public/people/index.html");
    let ana = team.find("Ana Silva").expect("team lists Ana");
    let ben = team.find("Ben Cho").expect("team lists Ben");
    assert!(ana < ben, "ordered by weight");
    // The photo at twice the card's size (sharp on high-density screens).
    assert!(team.contains("HCPC PH000001") && team.contains(r#"src="/people/ana.192w."#));

    let profile = read(root, "public/people/ana-silva/index.html");
    assert!(profile.contains("<h1>Ana Silva</h1>"));
    assert!(profile.contains("MSc Physiotherapy"));
    assert!(profile
        .contains(r#"<a href="https://www.hcpc-uk.org/check-the-register/">HCPC PH000001</a>"#));
    assert!(profile.contains("Ana treats runners and lifters."));
    // Her profile lists what she wrote and what she reviewed.
    let wrote = profile.find("Articles and answers written").unwrap();
    let reviewed = profile.find("Pages reviewed").unwrap();
    assert!(profile[wrote..reviewed].contains("Sciatica and training"));
    assert!(
        profile[reviewed..].contains("An old page")
            && profile[reviewed..].contains("Sciatica questions")
    );
    let ld = json_ld(&profile);
    assert_eq!(
        node(&ld, "ProfilePage")["mainEntity"]["@id"],
        "https://trust.test/people/ana-silva/#person"
    );

    let page = read(root, "public/advice/sciatica/index.html");
    assert!(
        page.contains(r#"<dt>Written by</dt><dd><a href="/people/ana-silva/">Ana Silva</a>, Physiotherapist</dd>"#),
        "{page}"
    );
    assert!(page.contains(r#"<dt>Clinically reviewed by</dt><dd><a href="/people/ben-cho/">Ben Cho</a>, Chiropractor (MChiro). Registration: GCC 00002</dd>"#));
    // The byline under the title names both.
    assert!(page.contains(r#"<p class="byline"><span>Written by <a href="/people/ana-silva/">Ana Silva</a>, Physiotherapist</span><span class="byline-reviewer">Clinically reviewed by <a href="/people/ben-cho/">Ben Cho</a></span></p>"#));
    let ld = json_ld(&page);
    let web = node(&ld, "MedicalWebPage");
    assert_eq!(
        web["reviewedBy"]["@id"],
        "https://trust.test/people/ben-cho/#person"
    );
    assert_eq!(
        web["mainEntity"]["author"]["@id"],
        "https://trust.test/people/ana-silva/#person"
    );
    let people: Vec<&Value> = ld["@graph"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["@type"] == "Person")
        .collect();
    assert_eq!(people.len(), 2);
    let ben = people.iter().find(|p| p["name"] == "Ben Cho").unwrap();
    assert_eq!(ben["jobTitle"], "Chiropractor");
    assert_eq!(ben["url"], "https://trust.test/people/ben-cho/");
    assert_eq!(ben["worksFor"]["@id"], "https://trust.test/#clinic");
    let creds: Vec<(&str, &str)> = ben["hasCredential"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap(),
                c["credentialCategory"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        creds,
        [("MChiro", "qualification"), ("GCC 00002", "registration")]
    );

    // A plain name still works for an author without a profile; the
    // reviewer is claimed only where one is named.
    let old = json_ld(&read(root, "public/advice/old/index.html"));
    assert_eq!(
        node(&old, "MedicalWebPage")["mainEntity"]["author"],
        serde_json::json!({"@type": "Person", "name": "Guest Writer"})
    );
    let plain = json_ld(&read(root, "public/advice/plain/index.html"));
    assert!(node(&plain, "MedicalWebPage").get("reviewedBy").is_none());
    assert!(!read(root, "public/advice/plain/index.html").contains("Clinically reviewed by"));
}

#[test]
fn review_block_next_due_and_overdue_notice() {
    let site = built();
    let root = site.path();
    let page = read(root, "public/advice/sciatica/index.html");
    // Six-month interval set on the page, not the site's twelve.
    assert!(page.contains(r#"<dt>Page last reviewed</dt><dd><time datetime="2026-01-10">10 January 2026</time></dd></div>
  <div><dt>Next review due</dt><dd><time datetime="2026-07-10">10 July 2026</time></dd>"#), "{page}");
    assert!(!page.contains("overdue-notice"));
    let plain = read(root, "public/advice/plain/index.html");
    assert!(plain.contains(
        r#"<dt>Next review due</dt><dd><time datetime="2027-03-01">1 March 2027</time>"#
    ));
    let old = read(root, "public/advice/old/index.html");
    assert!(old.contains(
        r#"<p class="overdue-notice" role="note">This page is overdue for its clinical review."#
    ));
    assert_eq!(
        node(&json_ld(&old), "MedicalWebPage")["lastReviewed"],
        "2024-01-01"
    );
    let faq = read(root, "public/faq/sciatica-faq/index.html");
    assert!(faq.contains(r#"<dt>Page last reviewed</dt><dd><time datetime="2026-05-01">"#));
    assert_eq!(
        node(&json_ld(&faq), "FAQPage")["reviewedBy"]["@id"],
        "https://trust.test/people/ana-silva/#person"
    );
    // Never reviewed: no block claiming a review.
    assert!(!read(root, "public/advice/never/index.html").contains("Page last reviewed"));
}

#[test]
fn overdue_hide_leaves_the_page_out_and_check_says_so() {
    let site = copy_fixture("trust");
    let root = site.path();
    let toml = read(root, "site.toml").replace(
        "review_interval_months = 12",
        "review_interval_months = 12\noverdue = \"hide\"",
    );
    write(root, "site.toml", toml);
    let out = build(root, &["--today", TODAY]);
    assert!(
        out.starts_with("built 8 pages, 1 page overdue for review left out into"),
        "{out}"
    );
    assert!(!root.join("public/advice/old/index.html").exists(), "{out}");
    assert!(root.join("public/advice/sciatica/index.html").exists());
    assert!(!read(root, "public/sitemap.xml").contains("/advice/old/"));
    assert!(!read(root, "public/advice/index.html").contains("An old page"));
    let out = lumbar(root, &["check", "--today", TODAY, "--format", "json"]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["severity"] == "info"
            && f["file"].as_str().unwrap().ends_with("advice/old.md")
            && f["message"]
                .as_str()
                .unwrap()
                .starts_with("hidden: clinical review was due 2025-01-01")));
    // The report still lists it: it is the page that needs the work.
    let out = lumbar(
        root,
        &[
            "check", "--report", "reviews", "--today", TODAY, "--format", "csv",
        ],
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains(
        "overdue,2025-01-01,2024-01-01,Ana Silva,Guest Writer,An old page,/advice/old/,"
    ));
    // A wrong value is an error at its place.
    write(
        root,
        "site.toml",
        read(root, "site.toml").replace("overdue = \"hide\"", "overdue = \"remove\""),
    );
    let out = lumbar(root, &["build"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && err.contains("site.toml:7:11: unknown variant `remove`"),
        "{err}"
    );
}

#[test]
fn review_report_in_text_csv_and_json() {
    let site = copy_fixture("trust");
    let root = site.path();
    let run = |format: &str| {
        let out = lumbar(
            root,
            &[
                "check", "--report", "reviews", "--today", TODAY, "--format", format,
            ],
        );
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let csv = run("csv");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "status,next_due,reviewed,reviewer,author,title,url,file"
    );
    let statuses: Vec<&str> = lines[1..]
        .iter()
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(
        statuses,
        ["overdue", "due soon", "never reviewed", "ok", "ok"]
    );
    assert!(lines[2].starts_with(
        "due soon,2026-07-10,2026-01-10,Ben Cho,Ana Silva,Sciatica and training,/advice/sciatica/,"
    ));
    let json: Value = serde_json::from_str(&run("json")).unwrap();
    assert_eq!(json["today"], TODAY);
    assert_eq!(json["rows"][0]["status"], "overdue");
    assert_eq!(json["rows"][0]["days_left"], -530);
    assert_eq!(json["rows"][1]["days_left"], 25);
    let text = run("text");
    assert!(
        text.contains("5 pages: 1 overdue, 1 due within 30 days, 1 never reviewed, 2 ok."),
        "{text}"
    );
    // --strict fails while a page is overdue or never reviewed (for CI).
    let out = lumbar(
        root,
        &["check", "--report", "reviews", "--today", TODAY, "--strict"],
    );
    assert_eq!(out.status.code(), Some(1));
    // CSV is only for the report.
    let out = lumbar(root, &["check", "--format", "csv"]);
    assert!(!out.status.success());
}

#[test]
fn references_are_numbered_cited_and_marked_up() {
    let site = built();
    let root = site.path();
    let page = read(root, "public/advice/sciatica/index.html");
    assert!(
        page.contains(r##"irritated nerve <sup class="cite">[<a href="#ref-nice">1</a>]</sup>."##)
    );
    assert!(page.contains(
        r##"<sup class="cite">[<a href="#ref-nice">1</a>, <a href="#ref-foster">2</a>]</sup>"##
    ));
    assert!(
        page.contains("Write [@literal] to show the brackets."),
        "an escaped bracket stays text"
    );
    // Citations work inside care cards, which stay whole.
    assert!(
        page.contains(r##"same-day check <sup class="cite">[<a href="#ref-foster">2</a>]</sup>."##)
    );
    let list = &page[page.find(r#"<section class="references""#).unwrap()..];
    assert!(list.contains(r#"<li id="ref-nice">National Institute for Health and Care Excellence (2016). <cite>Low back pain and sciatica in over 16s: assessment and management</cite>."#));
    assert!(list.contains(r#"<a href="https://doi.org/10.1016/S0140-6736(18)30489-6">doi:10.1016/S0140-6736(18)30489-6</a> <a href="https://pubmed.ncbi.nlm.nih.gov/29573872/">PMID 29573872</a>"#), "DOI pasted as a URL is normalised");
    let ld = json_ld(&page);
    let cites = node(&ld, "MedicalWebPage")["mainEntity"]["citation"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(cites.len(), 2);
    assert_eq!(cites[0]["@type"], "CreativeWork");
    assert_eq!(cites[1]["@type"], "ScholarlyArticle");
    assert_eq!(
        cites[1]["identifier"][0],
        serde_json::json!({"@type": "PropertyValue", "propertyID": "DOI", "value": "10.1016/S0140-6736(18)30489-6"})
    );
    assert_eq!(cites[1]["isPartOf"]["name"], "The Lancet");
    // FAQ answers cite the FAQ file's references.
    let faq = read(root, "public/faq/sciatica-faq/index.html");
    assert!(faq.contains(r##"4 to 6 weeks <sup class="cite">[<a href="#ref-nhs">1</a>]</sup>"##));
    assert_eq!(
        node(&json_ld(&faq), "FAQPage")["citation"][0]["url"],
        "https://www.nhs.uk/conditions/sciatica/"
    );
    // The answer search engines may show on its own has no "[1]" pointing
    // at a list they do not show.
    let answer = node(&json_ld(&faq), "FAQPage")["mainEntity"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["acceptedAnswer"]["text"].as_str().unwrap().to_string())
        .find(|t| t.contains("4 to 6 weeks"))
        .unwrap();
    assert!(
        answer.contains("within 4 to 6 weeks.") && !answer.contains('['),
        "{answer}"
    );
    // A free-text citation is shown as written.
    assert!(read(root, "public/advice/old/index.html")
        .contains("Smith J. An old but real-looking citation. 2019."));
}

#[test]
fn check_warns_about_review_gaps_and_missing_references() {
    let site = copy_fixture("trust");
    let root = site.path();
    write(root, "content/advice/self.md", "---\ntitle: Self reviewed\ndate: 2026-01-01\nreviewed: 2026-01-01\nauthor: ana-silva\nreviewed_by: ana-silva\nreferences:\n  - url: https://example.org/\n---\nText.\n");
    let out = lumbar(root, &["check", "--today", TODAY, "--format", "json"]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: BTreeSet<(String, u64, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["check"] == "review" || f["check"] == "references")
        .map(|f| {
            let file = f["file"].as_str().unwrap();
            (
                file[file.find("content/").unwrap() + 8..].to_string(),
                f["line"].as_u64().unwrap(),
                f["message"].as_str().unwrap().chars().take(36).collect(),
            )
        })
        .collect();
    let want: BTreeSet<(String, u64, String)> = [
        ("advice/never.md", 1, "no `references:`: list the sources t"),
        ("advice/never.md", 1, "no `reviewed:` date: add the date a "),
        ("advice/old.md", 5, "overdue for clinical review: due 202"),
        ("advice/plain.md", 5, "`reviewed:` without `reviewed_by:`: "),
        (
            "advice/sciatica.md",
            5,
            "clinical review due 2026-07-10 (with",
        ),
        ("advice/self.md", 6, "reviewed by its own author: a clinic"),
    ]
    .into_iter()
    .map(|(a, b, c)| (a.to_string(), b, c.to_string()))
    .collect();
    assert_eq!(found, want);
}

#[test]
fn bad_people_and_references_fail_at_their_place() {
    let cases: [(&str, &str, &str, &str); 8] = [
        ("content/advice/x.md", "---\ntitle: X\nauthor: anna-silva\n---\nx\n", "content/advice/x.md:3:9: `author: anna-silva` is nobody's id; people: ana-silva, ben-cho", "unknown author id"),
        ("content/advice/x.md", "---\ntitle: X\nreviewed_by: Ana Silva\n---\nx\n", "content/advice/x.md:3:14: `reviewed_by: Ana Silva` is nobody's id", "reviewer by name"),
        ("content/advice/x.md", "---\ntitle: X\nreferences:\n  - id: a\n    title: A\n---\nSee [@b].\n", "content/advice/x.md:7:5: [@b] cites no reference of this page; ids: a", "missing citation key"),
        ("content/advice/x.md", "---\ntitle: X\nreferences:\n  - id: a\n    title: A\n  - doi: 10.1016\n---\nx\n", "content/advice/x.md:6:3: reference 2: \"10.1016\" is not a DOI", "malformed DOI"),
        ("content/advice/x.md", "---\ntitle: X\nreferences:\n  - pmid: PMC12345\n---\nx\n", "content/advice/x.md:4:3: reference 1: \"PMC12345\" is not a PubMed ID", "malformed PMID"),
        ("content/advice/x.md", "---\ntitle: X\nreferences:\n  - id: a\n    title: A\n  - id: A\n    title: B\n---\nx\n", "content/advice/x.md:6:3: reference id \"A\" is used twice", "repeated reference id"),
        ("content/advice/x.md", "---\ntitle: X\nreviewed: 2026-01-01\nnext_review: 2025-01-01\n---\nx\n", "content/advice/x.md:4:14: `next_review: 2025-01-01` is not after `reviewed: 2026-01-01`", "next review before review"),
        ("content/advice/x.md", "---\ntitle: X\nimage: missing.jpg\n---\nx\n", "content/advice/x.md:3:8: `image: missing.jpg` names a file that does not exist (looked for content/advice/missing.jpg)", "missing image"),
    ];
    for (file, text, want, what) in cases {
        let got = fails_in("trust", |r| write(r, file, text), want);
        assert!(got.starts_with(&format!("error: {want}")), "{what}: {got}");
    }
    fails_in(
        "trust",
        |r| {
            write(
                r,
                "content/people/ana-silva.yaml",
                "name: Ana\nrole: Physio\nphoto: gone.jpg\n",
            )
        },
        "content/people/ana-silva.yaml:3:8: `photo: gone.jpg` names a file that does not exist",
    );
    fails_in(
        "trust",
        |r| {
            write(
                r,
                "content/people/ana-silva.yaml",
                "name: Ana\nqualifications: [MSc]\n",
            )
        },
        "content/people/ana-silva.yaml:2:1: unknown field `qualifications`",
    );
    fails_in(
        "trust",
        |r| {
            write(
                r,
                "content/advice/x.md",
                "---\ntitle: X\ndate: 2026-01-01\nexpires: 2025-01-01\n---\nx\n",
            )
        },
        "content/advice/x.md:4:10: `expires: 2025-01-01` is before `date: 2026-01-01`",
    );
    fails_in(
        "trust",
        |r| {
            write(
                r,
                "content/advice/x.md",
                "---\ntitle: X\n---\n> [!URGNT]\n> typo\n",
            )
        },
        "content/advice/x.md:4:3: unknown card [!URGNT]",
    );
}

#[test]
fn clinic_details_and_share_images_in_structured_data() {
    let site = built();
    let root = site.path();
    let home = read(root, "public/index.html");
    let ld = json_ld(&home);
    let clinic = node(&ld, "MedicalClinic");
    assert_eq!(clinic["@id"], "https://trust.test/#clinic");
    assert_eq!(
        clinic["address"],
        serde_json::json!({"@type": "PostalAddress", "streetAddress": "1 Test Road", "addressLocality": "Testville", "postalCode": "TE1 1ST", "addressCountry": "GB"})
    );
    assert_eq!(
        clinic["openingHours"],
        serde_json::json!(["Mo-Fr 08:00-19:00", "Sa 09:00-13:00"])
    );
    assert_eq!(clinic["geo"]["latitude"], 51.5072);
    assert_eq!(clinic["logo"], "https://trust.test/images/logo.svg");
    assert!(
        home.contains("<p>1 Test Road, Testville, TE1 1ST, GB</p>"),
        "footer shows the address on one line"
    );
    // A page's own image, else the site's.
    let page = read(root, "public/advice/sciatica/index.html");
    // Shared as a JPEG rendition (1200 px wide at most; this photo is 800).
    let share = attr_after(&page, r#"<meta property="og:image" content=""#);
    assert!(
        share.starts_with("https://trust.test/advice/leg.800w.") && share.ends_with(".jpg"),
        "{share}"
    );
    let shared = std::fs::read(
        root.join("public")
            .join(share.trim_start_matches("https://trust.test/")),
    )
    .unwrap();
    assert_eq!(image::load_from_memory(&shared).unwrap().width(), 800);
    assert!(page.contains(&format!(r#"<meta name="twitter:image" content="{share}">"#)));
    assert!(page.contains(r#"<meta property="og:locale" content="en_GB">"#));
    assert!(page.contains(r#"<meta property="article:modified_time" content="2026-01-05">"#));
    assert_eq!(node(&json_ld(&page), "MedicalWebPage")["image"], share);
    let site_share = attr_after(
        &read(root, "public/advice/old/index.html"),
        r#"<meta property="og:image" content=""#,
    );
    assert!(
        site_share.starts_with("https://trust.test/images/share.1200w.")
            && site_share.ends_with(".png"),
        "{site_share}"
    );
    // The clinic is one node, pointed at; never repeated inside the page.
    let ld = json_ld(&page);
    assert_eq!(
        ld["@graph"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["@type"] == "MedicalClinic")
            .count(),
        1
    );
    assert_eq!(
        node(&ld, "MedicalWebPage")["publisher"],
        serde_json::json!({"@id": "https://trust.test/#clinic"})
    );
    // Breadcrumbs: the visible trail and BreadcrumbList agree.
    let crumbs: Vec<(String, String)> = node(&ld, "BreadcrumbList")["itemListElement"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["name"].as_str().unwrap().into(),
                i["item"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        crumbs,
        [
            ("Home".into(), "https://trust.test/".into()),
            ("Advice".into(), "https://trust.test/advice/".into()),
            (
                "Sciatica and training".into(),
                "https://trust.test/advice/sciatica/".into()
            )
        ]
    );
    assert!(page.contains(r#"<li><a href="/">Home</a></li><li><a href="/advice/">Advice</a></li>"#));
    let faq = read(root, "public/faq/sciatica-faq/index.html");
    assert!(faq.contains(r#"<li><a href="/">Home</a></li><li><a href="/faq/">Frequently asked questions</a></li>"#), "FAQ pages sit below the FAQ index");
    let person = read(root, "public/people/ben-cho/index.html");
    assert!(person.contains(
        r#"<li><a href="/">Home</a></li><li><a href="/people/">Our clinicians</a></li>"#
    ));
}

/// schema.org's vocabulary (from the npm package schema-dts, generated from
/// schema.org's own definitions; see scripts/schema_vocabulary.py): each
/// type's parents and own properties.
fn vocabulary() -> BTreeMap<String, (Vec<String>, BTreeSet<String>)> {
    let v: Value = serde_json::from_str(&read(&fixture("schema-org"), "vocabulary.json")).unwrap();
    v["types"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, t)| {
            let list = |key: &str| {
                t[key]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| s.as_str().unwrap().to_string())
            };
            (
                k.clone(),
                (list("parents").collect(), list("properties").collect()),
            )
        })
        .collect()
}

fn properties_of(
    vocab: &BTreeMap<String, (Vec<String>, BTreeSet<String>)>,
    kind: &str,
) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut todo = vec![kind.to_string()];
    while let Some(k) = todo.pop() {
        let (parents, props) = vocab
            .get(&k)
            .unwrap_or_else(|| panic!("{k} is not a schema.org type"));
        out.extend(props.iter().cloned());
        todo.extend(parents.iter().cloned());
    }
    out
}

/// Every node with a `@type` in `v`, checked: the type exists and each of
/// its properties belongs to it or a type it extends.
fn check_nodes(
    vocab: &BTreeMap<String, (Vec<String>, BTreeSet<String>)>,
    v: &Value,
    page: &str,
    problems: &mut Vec<String>,
) {
    match v {
        Value::Object(map) => {
            if let Some(kind) = map.get("@type").and_then(Value::as_str) {
                if !vocab.contains_key(kind) {
                    problems.push(format!("{page}: unknown type {kind}"));
                } else {
                    let allowed = properties_of(vocab, kind);
                    for key in map.keys().filter(|k| !k.starts_with('@')) {
                        if !allowed.contains(key) {
                            problems.push(format!("{page}: {kind} has no property {key}"));
                        }
                    }
                }
            }
            map.values()
                .for_each(|x| check_nodes(vocab, x, page, problems));
        }
        Value::Array(a) => a.iter().for_each(|x| check_nodes(vocab, x, page, problems)),
        _ => {}
    }
}

#[test]
fn every_json_ld_node_fits_the_schema_org_vocabulary() {
    let vocab = vocabulary();
    // The vocabulary itself is real: properties are inherited.
    assert!(properties_of(&vocab, "MedicalWebPage").contains("reviewedBy"));
    assert!(!properties_of(&vocab, "Person").contains("reviewedBy"));
    let mut problems = Vec::new();
    let mut pages = 0;
    let example = copy_example_site();
    build(example.path(), &[]);
    let trust = built();
    let clinic = copy_fixture("clinic");
    build(clinic.path(), &[]);
    for root in [example.path(), trust.path(), clinic.path()] {
        for (rel, bytes) in snapshot(&root.join("public")) {
            if !rel.ends_with(".html") {
                continue;
            }
            let html = String::from_utf8(bytes).unwrap();
            if html.contains("application/ld+json") {
                pages += 1;
                let ld = json_ld(&html);
                assert_eq!(ld["@context"], "https://schema.org");
                check_nodes(&vocab, &ld, &rel, &mut problems);
            }
        }
    }
    assert!(pages > 30, "{pages}");
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn editing_a_person_re_renders_the_pages_that_show_them() {
    let site = copy_fixture("trust");
    let root: &Path = site.path();
    let server = Server::start(root);
    let before = server.get("/advice/sciatica/");
    assert!(before.body.contains("Ben Cho</a>, Chiropractor"));
    atomic_write(
        &root.join("content/people/ben-cho.yaml"),
        "name: Ben Cho\nrole: Sports Chiropractor\ncredentials: MChiro\nregistration: GCC 00002\nweight: 2\n",
    );
    server.wait_for("/advice/sciatica/", 10, |r| {
        r.body.contains("Ben Cho</a>, Sports Chiropractor")
    });
    assert!(server.get("/people/").body.contains("Sports Chiropractor"));
    assert!(server
        .get("/faq/sciatica-faq/")
        .body
        .contains("Ben Cho</a>, Sports Chiropractor"));
}

#[test]
fn external_reference_checks_are_polite_to_each_host() {
    use std::io::{Read, Write};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let active = Arc::new(AtomicUsize::new(0));
    let most = Arc::new(AtomicUsize::new(0));
    let seen: Arc<Mutex<Vec<(String, std::time::Instant)>>> = Arc::default();
    {
        let (active, most, seen) = (active.clone(), most.clone(), seen.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut s) = stream else { continue };
                let (active, most, seen) = (active.clone(), most.clone(), seen.clone());
                std::thread::spawn(move || {
                    let now = active.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    let mut buf = [0u8; 2048];
                    let n = s.read(&mut buf).unwrap_or(0);
                    let req = String::from_utf8_lossy(&buf[..n]).to_string();
                    let path = req.split(' ').nth(1).unwrap_or("").to_string();
                    let first_busy = {
                        let mut seen = seen.lock().unwrap();
                        seen.push((path.clone(), std::time::Instant::now()));
                        path == "/busy" && seen.iter().filter(|(p, _)| p == "/busy").count() == 1
                    };
                    // Slow enough that requests overlap if the client lets them.
                    std::thread::sleep(std::time::Duration::from_millis(150));
                    let status = match path.as_str() {
                        "/busy" if first_busy => "429 Too Many Requests\r\nRetry-After: 1",
                        "/gone" => "404 Not Found",
                        _ => "200 OK",
                    };
                    active.fetch_sub(1, Ordering::SeqCst);
                    let _ = write!(
                        s,
                        "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    );
                });
            }
        });
    }
    let site = copy_fixture("trust");
    let root = site.path();
    let mut refs = String::new();
    for i in 0..6 {
        refs.push_str(&format!("  - url: http://{addr}/ok{i}\n"));
    }
    refs.push_str(&format!("  - url: http://{addr}/busy\n  - url: http://{addr}/gone\n  - url: http://{addr}/skipme/x\n"));
    write(
        root,
        "content/advice/sources.md",
        format!("---\ntitle: Sources\nreferences:\n{refs}---\nText.\n"),
    );
    write(
        root,
        "site.toml",
        read(root, "site.toml") + &format!("\n[check]\nskip = [\"http://{addr}/skipme/\"]\n"),
    );
    // Only this page's references: the fixture's others point at real hosts.
    for f in ["sciatica.md", "old.md", "plain.md"] {
        std::fs::remove_file(root.join("content/advice").join(f)).unwrap();
    }
    std::fs::remove_file(root.join("content/faq/sciatica-faq.yaml")).unwrap();
    let out = lumbar(
        root,
        &["check", "--external", "--format", "json", "--today", TODAY],
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let external: Vec<(u64, String)> = findings_of(&v, "external");
    assert_eq!(
        external,
        [(11, format!("reference http://{addr}/gone: HTTP 404"))]
    );
    let seen = seen.lock().unwrap();
    assert!(
        !seen.iter().any(|(p, _)| p.starts_with("/skipme")),
        "skipped address fetched"
    );
    let busy: Vec<_> = seen
        .iter()
        .filter(|(p, _)| p == "/busy")
        .map(|(_, t)| *t)
        .collect();
    assert_eq!(busy.len(), 2, "asked again after 429");
    assert!(
        busy[1] - busy[0] >= std::time::Duration::from_millis(1000),
        "waited as Retry-After asked"
    );
    assert_eq!(
        most.load(Ordering::SeqCst),
        2,
        "two at a time to one host, no more"
    );
}
