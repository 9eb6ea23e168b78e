//! The build cache (`.lumbar-cache/build/`): a build with nothing changed is
//! not redone, any change is seen, and the output always equals a clean
//! build's, whatever the cache says.

use crate::common::*;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn up_to_date(stdout: &str) -> bool {
    stdout.starts_with("up to date:")
}

/// The site built from scratch, without the cache, into a folder of its own.
fn clean_build(root: &Path, args: &[&str]) -> BTreeMap<String, Vec<u8>> {
    let clean = root.join("clean");
    if clean.exists() {
        fs::remove_dir_all(&clean).unwrap();
    }
    let clean_arg = clean.to_string_lossy();
    let mut all = vec!["build", "--no-cache", "--output", &clean_arg];
    all.extend_from_slice(args);
    let out = lumbar(root, &all);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    snapshot(&clean)
}

fn assert_same_as_clean(root: &Path, args: &[&str], what: &str) {
    let ours = snapshot(&root.join("public"));
    let clean = clean_build(root, args);
    let differ: Vec<&String> = ours
        .keys()
        .chain(clean.keys())
        .filter(|k| ours.get(*k) != clean.get(*k))
        .collect();
    assert!(
        differ.is_empty(),
        "after {what}: differs from a clean build in {differ:?}"
    );
}

/// The build records (one per output), without the site models and
/// bodies kept beside them.
fn cache_files(root: &Path) -> Vec<PathBuf> {
    kept_files(root, "record")
}

/// The files of one kind in the cache's folder: `record`, `model`,
/// `bodies`.
fn kept_files(root: &Path, ext: &str) -> Vec<PathBuf> {
    fs::read_dir(root.join(".lumbar-cache/build"))
        .map(|d| {
            d.map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == ext))
                .collect()
        })
        .unwrap_or_default()
}

/// Whether a build followed an edit from the last build's site model
/// rather than building the site again.
fn followed(stdout: &str) -> bool {
    stdout.contains("rendered again")
}

#[test]
fn a_build_with_nothing_changed_is_up_to_date_and_writes_nothing() {
    let site = copy_fixture("clinic");
    let root = site.path();
    let first = build(root, &[]);
    assert!(first.starts_with("built "), "{first}");
    let before = snapshot(&root.join("public"));
    let page = root.join("public/index.html");
    let inode = std::os::unix::fs::MetadataExt::ino(&fs::metadata(&page).unwrap());
    let second = build(root, &[]);
    assert!(up_to_date(&second), "{second}");
    // The same page and file counts as the full build reported.
    let counts = |s: &str| {
        let pages = s
            .split(" pages")
            .next()
            .unwrap()
            .rsplit(' ')
            .next()
            .unwrap()
            .to_string();
        let files = s
            .split(" files")
            .next()
            .unwrap()
            .rsplit('(')
            .next()
            .unwrap()
            .to_string();
        (pages, files)
    };
    assert_eq!(counts(&first), counts(&second), "{first}\n{second}");
    // Every file in the output but lumbar's own manifest.
    let files = (before.len() - 1).to_string();
    assert_eq!(counts(&second), ("7".into(), files), "{second}");
    assert_eq!(snapshot(&root.join("public")), before);
    assert_eq!(
        std::os::unix::fs::MetadataExt::ino(&fs::metadata(&page).unwrap()),
        inode,
        "nothing was rewritten"
    );
    // The draft left out is still reported, warnings too.
    assert!(second.contains("1 draft skipped"), "{second}");
    // --no-cache builds again, whatever the cache says.
    assert!(build(root, &["--no-cache"]).starts_with("built "));
    assert_eq!(cache_files(root).len(), 1);
}

/// Something a user does to the site.
type Change = Box<dyn Fn(&Path)>;

#[test]
fn every_kind_of_change_is_seen() {
    let site = copy_fixture("clinic");
    let root = site.path();
    build(root, &[]);
    let article = "content/back-pain/core.md";
    // Each change, then whether a build after it must redo the site.
    let changes: Vec<(&str, Change)> = vec![
        (
            "an article edited",
            Box::new(move |r| {
                let t = read(r, article);
                write(r, article, t.replace("title: ", "title: Edited "));
            }),
        ),
        (
            "an article edited in place, same size, its time set back",
            Box::new(move |r| {
                // Listed an hour old, so its time alone is trusted.
                let path = r.join(article);
                let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
                let set_back = |p: &Path| {
                    fs::File::options()
                        .write(true)
                        .open(p)
                        .unwrap()
                        .set_modified(hour_ago)
                        .unwrap()
                };
                set_back(&path);
                build(r, &[]);
                let t = read(r, article);
                let i = t.find("Edited").unwrap();
                let mut b = t.into_bytes();
                b[i] = b'X';
                fs::write(&path, b).unwrap();
                set_back(&path);
            }),
        ),
        (
            "an article edited twice within a second, same size",
            Box::new(move |r| {
                let t = read(r, article);
                write(r, article, t.replacen("Xdited", "Ydited", 1));
            }),
        ),
        (
            "an article added",
            Box::new(|r| {
                write(
                    r,
                    "content/back-pain/new.md",
                    "---\ntitle: New page\ndate: 2024-01-01\n---\nNew body.\n",
                )
            }),
        ),
        (
            "an article removed",
            Box::new(|r| fs::remove_file(r.join("content/back-pain/new.md")).unwrap()),
        ),
        (
            "a template edited",
            Box::new(|r| {
                let t = read(r, "templates/special.html");
                write(r, "templates/special.html", t + "\n<!-- edited -->\n");
            }),
        ),
        (
            "a static file edited",
            Box::new(|r| write(r, "static/robots.txt", "User-agent: *\nDisallow: /x/\n")),
        ),
        (
            "a static file added",
            Box::new(|r| write(r, "static/notes", "a file")),
        ),
        (
            "a static file replaced by a folder of the same name",
            Box::new(|r| {
                fs::remove_file(r.join("static/notes")).unwrap();
                write(r, "static/notes/a.txt", "now a folder");
            }),
        ),
        (
            "the folder replaced by a file again",
            Box::new(|r| {
                fs::remove_dir_all(r.join("static/notes")).unwrap();
                write(r, "static/notes", "a file again");
            }),
        ),
        (
            "a data file added",
            Box::new(|r| write(r, "data/hours.yaml", "monday: 9-5\n")),
        ),
        (
            "site.toml edited",
            Box::new(|r| {
                let t = read(r, "site.toml");
                write(
                    r,
                    "site.toml",
                    t.replace("Fixture Clinic", "Fixture Clinic Two"),
                );
            }),
        ),
        (
            "an editor's backup that warns added",
            Box::new(|r| write(r, "content/back-pain/core.md.bak", "---\ntitle: x\n---\n")),
        ),
        (
            "an output edited by hand",
            Box::new(|r| write(r, "public/index.html", "<p>hand edit</p>")),
        ),
        (
            "an output deleted",
            Box::new(|r| fs::remove_file(r.join("public/back-pain/index.html")).unwrap()),
        ),
    ];
    for (what, change) in changes {
        change(root);
        let out = build(root, &[]);
        assert!(!up_to_date(&out), "after {what}: {out}");
        assert_same_as_clean(root, &[], what);
        assert!(
            up_to_date(&build(root, &[])),
            "after {what}, a second build"
        );
    }
    // Options that change the output are part of the cache's key.
    for args in [
        &["--drafts"][..],
        &["--today", "2031-01-01"],
        &["--base-url", "https://preview.test/"],
        &["--minify"],
    ] {
        let out = build(root, args);
        assert!(!up_to_date(&out), "{args:?}: {out}");
        assert_same_as_clean(root, args, &format!("{args:?}"));
        assert!(up_to_date(&build(root, args)), "{args:?} again");
    }
    assert!(!up_to_date(&build(root, &[])));
}

#[test]
fn a_corrupt_or_stale_cache_is_ignored() {
    let site = copy_fixture("clinic");
    let root = site.path();
    build(root, &[]);
    let cache = cache_files(root).pop().expect("a build cache");
    let good = fs::read(&cache).unwrap();

    // Stale: an older cache put back after the site and its output moved on.
    let t = read(root, "content/back-pain/core.md");
    write(
        root,
        "content/back-pain/core.md",
        t.replace("title: ", "title: Moved on "),
    );
    build(root, &[]);
    fs::write(&cache, &good).unwrap();
    let out = build(root, &[]);
    assert!(!up_to_date(&out), "a stale cache was trusted: {out}");
    assert_same_as_clean(root, &[], "a stale cache");

    let good = fs::read(&cache).unwrap();
    let corruptions: Vec<(&str, Vec<u8>)> = vec![
        ("truncated", good[..good.len() / 2].to_vec()),
        ("empty", Vec::new()),
        ("not a record", b"hello\nworld".to_vec()),
        ("a byte changed", {
            let mut b = good.clone();
            let i = b.len() - 10;
            b[i] ^= 1;
            b
        }),
        (
            "binary noise",
            (0..4096u32)
                .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
                .collect(),
        ),
    ];
    for (what, bytes) in corruptions {
        // The output changed by hand too: only a full build restores it.
        write(root, "public/index.html", "<p>hand edit</p>");
        fs::write(&cache, &bytes).unwrap();
        let out = build(root, &[]);
        assert!(!up_to_date(&out), "{what}: {out}");
        assert_same_as_clean(root, &[], what);
    }
    // A cache folder that cannot be written costs the cache, not the build.
    fs::remove_dir_all(root.join(".lumbar-cache/build")).unwrap();
    write(root, ".lumbar-cache/build", "a file in the way");
    let out = lumbar(root, &["build"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("build cache could not be saved"));
    assert!(!up_to_date(&build(root, &[])));
}

/// Before records were postcard they were `<id>.json`, never read since:
/// the next record written for an output removes that output's old one,
/// and no other output's.
#[test]
fn an_old_json_record_goes_when_its_output_is_recorded_again() {
    let site = copy_fixture("clinic");
    let root = site.path();
    build(root, &[]);
    let record = cache_files(root).pop().expect("a build cache");
    let old = record.with_extension("json");
    let other = record.with_file_name("0123456789abcdef.json");
    fs::write(&old, "{\"inputs\": []}").unwrap();
    fs::write(&other, "{}").unwrap();
    let t = read(root, "content/back-pain/core.md");
    write(root, "content/back-pain/core.md", t + "\nOne more line.\n");
    build(root, &[]);
    assert!(
        !old.exists(),
        "the old record of this output is still there"
    );
    assert!(other.exists(), "another output's old record was removed");
    assert!(record.exists());
    assert_same_as_clean(root, &[], "an old record removed");
}

#[test]
fn a_failed_build_keeps_the_output_and_the_next_one_builds() {
    let site = copy_fixture("clinic");
    let root = site.path();
    build(root, &[]);
    let before = snapshot(&root.join("public"));
    let path = "content/back-pain/core.md";
    let good = read(root, path);
    write(root, path, "---\ntitle: [unclosed\n---\n");
    let out = lumbar(root, &["build"]);
    assert!(!out.status.success());
    assert_eq!(snapshot(&root.join("public")), before);
    // Put back as it was (a new time, the same bytes): the same output.
    write(root, path, &good);
    let out = build(root, &[]);
    assert!(!up_to_date(&out), "{out}");
    assert_eq!(snapshot(&root.join("public")), before);
    assert!(up_to_date(&build(root, &[])));
}

/// A small deterministic generator, so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

#[test]
fn random_edit_sequences_end_where_a_clean_build_does() {
    // Builds that followed an edit from the last build's model: most
    // saves are, and each must still end where a clean build does.
    let mut from_model = 0;
    for seed in [1u64, 7, 2024] {
        let site = copy_fixture("clinic");
        let root = site.path();
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let articles = [
            "content/back-pain/core.md",
            "content/back-pain/special.md",
            "content/back-pain/lifting/deadlift.md",
        ];
        let mut added: Vec<String> = Vec::new();
        build(root, &[]);
        for step in 0..20 {
            let what = match rng.below(10) {
                0 | 1 => {
                    let a = articles[rng.below(articles.len())];
                    let t = read(root, a);
                    write(root, a, t + &format!("\nParagraph {step} added.\n"));
                    format!("appended to {a}")
                }
                2 => {
                    let a = articles[rng.below(articles.len())];
                    let t = read(root, a);
                    write(
                        root,
                        a,
                        t.replacen("title: ", &format!("title: S{step} "), 1),
                    );
                    format!("retitled {a}")
                }
                3 => {
                    let rel = format!("content/back-pain/added-{step}.md");
                    write(
                        root,
                        &rel,
                        format!("---\ntitle: Added {step}\ndate: 2024-02-{:02}\ntags: [core]\n---\nBody {step}.\n", step + 1),
                    );
                    added.push(rel.clone());
                    format!("added {rel}")
                }
                4 if !added.is_empty() => {
                    let rel = added.remove(rng.below(added.len()));
                    fs::remove_file(root.join(&rel)).unwrap();
                    format!("removed {rel}")
                }
                5 => {
                    let a = articles[rng.below(articles.len())];
                    let t = read(root, a);
                    write(root, a, t);
                    format!("saved {a} unchanged")
                }
                6 => {
                    write(root, "public/index.html", format!("stale {step}"));
                    "edited the output".into()
                }
                7 => {
                    let t = read(root, "templates/special.html");
                    write(
                        root,
                        "templates/special.html",
                        t + &format!("<p>t{step}</p>\n"),
                    );
                    "edited a template".into()
                }
                8 => {
                    let faq = "content/faq/lifting-faq.yaml";
                    let t = read(root, faq);
                    write(
                        root,
                        faq,
                        t.replacen("answer: ", &format!("answer: ({step}) "), 1),
                    );
                    "edited an FAQ answer".into()
                }
                _ => "nothing".into(),
            };
            let out = build(root, &[]);
            if what == "nothing" {
                assert!(up_to_date(&out), "seed {seed} step {step}: {out}");
            }
            from_model += usize::from(followed(&out));
            assert_same_as_clean(root, &[], &format!("seed {seed} step {step}: {what}"));
        }
    }
    assert!(
        from_model >= 10,
        "only {from_model} builds followed an edit"
    );
}

#[test]
fn rendered_pages_kept_on_disk_leave_nothing_behind() {
    let site = copy_fixture("clinic");
    let root = site.path();
    build(root, &[]);
    // The build kept its pages' text in a file beside its record and its
    // site model, for the next build: those three, and nothing else.
    let left: Vec<String> = snapshot(&root.join(".lumbar-cache")).into_keys().collect();
    assert_eq!(left.len(), 3, "{left:?}");
    let stem = left[0].strip_suffix(".bodies").expect("the bodies");
    assert_eq!(left[1], format!("{stem}.model"), "{left:?}");
    assert_eq!(left[2], format!("{stem}.record"), "{left:?}");
    // Without the cache, the text is in an unnamed file: nothing more is left.
    build(root, &["--no-cache"]);
    let again: Vec<String> = snapshot(&root.join(".lumbar-cache")).into_keys().collect();
    assert_eq!(again, left);
    // A cache folder in the way: the text goes to the system's temporary
    // folder, and the build is the same as ever.
    fs::remove_dir_all(root.join(".lumbar-cache")).unwrap();
    write(root, ".lumbar-cache", "a file in the way");
    let tmp = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_lumbar"))
        .arg("--root")
        .arg(root)
        .args(["build", "--no-cache"])
        .env("TMPDIR", tmp.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 0);
    assert_same_as_clean(root, &[], "a cache folder in the way");
}

#[test]
fn a_saved_article_is_rebuilt_from_the_last_builds_model() {
    let site = copy_fixture("clinic");
    let root = site.path();
    build(root, &[]);
    let article = "content/back-pain/core.md";
    let original = read(root, article);
    let edits: Vec<(&str, Change)> = vec![
        (
            "a paragraph added",
            Box::new(move |r| write(r, article, read(r, article) + "\nA new paragraph.\n")),
        ),
        (
            "retitled",
            Box::new(move |r| {
                write(
                    r,
                    article,
                    read(r, article).replacen("title: ", "title: Renamed ", 1),
                )
            }),
        ),
        (
            "a heading added",
            Box::new(move |r| {
                write(
                    r,
                    article,
                    read(r, article) + "\n## Pacing your week\n\nRest days count.\n",
                )
            }),
        ),
        (
            "an FAQ answer changed",
            Box::new(|r| {
                let faq = "content/faq/lifting-faq.yaml";
                write(
                    r,
                    faq,
                    read(r, faq).replace("Yes it is.", "Yes, it is escaped."),
                )
            }),
        ),
        (
            "two articles saved at once",
            Box::new(move |r| {
                write(r, article, read(r, article) + "\nOne more.\n");
                let other = "content/back-pain/lifting/deadlift.md";
                write(r, other, read(r, other) + "\nAnd here.\n");
            }),
        ),
        (
            "saved back as it was",
            Box::new(move |r| write(r, article, &original)),
        ),
    ];
    for (what, edit) in edits {
        edit(root);
        let out = build(root, &[]);
        assert!(followed(&out), "{what}: not followed from the model: {out}");
        assert_same_as_clean(root, &[], what);
        assert!(up_to_date(&build(root, &[])), "{what}, a second build");
    }

    // A mistake in the saved file: the error, with where it is, and the
    // output as it was; put right, the next build follows it again.
    let before = snapshot(&root.join("public"));
    let good = read(root, article);
    write(
        root,
        article,
        good.replacen("title: ", "title: [unclosed ", 1),
    );
    let out = lumbar(root, &["build"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("core.md:2:"), "{err}");
    assert_eq!(snapshot(&root.join("public")), before);
    write(
        root,
        article,
        good.replace("Rest days count.", "Rest days count too."),
    );
    let out = build(root, &[]);
    assert_same_as_clean(root, &[], "a mistake put right");
    assert!(followed(&out) || out.starts_with("built "), "{out}");
}

#[test]
fn edits_it_cannot_follow_build_the_site_in_full() {
    let site = copy_fixture("clinic");
    let root = site.path();
    build(root, &[]);
    let article = "content/back-pain/core.md";
    let edits: Vec<(&str, Change)> = vec![
        (
            "updated after the others, so it moves in every list",
            // First in every list now, and in the search index, whose
            // results are numbered in that order.
            Box::new(move |r| {
                write(
                    r,
                    article,
                    read(r, article).replacen("updated: 2025-02-01", "updated: 2026-01-01", 1),
                )
            }),
        ),
        (
            "given a tag no page had",
            Box::new(|r| {
                let a = "content/back-pain/special.md";
                write(
                    r,
                    a,
                    read(r, a).replacen("---\n", "---\ntags: [brand-new-tag]\n", 1),
                )
            }),
        ),
        (
            "a section page edited",
            Box::new(|r| {
                let s = "content/back-pain/_index.md";
                write(r, s, read(r, s) + "\nMore about the section.\n")
            }),
        ),
        (
            "an image added to the page",
            Box::new(|r| {
                let a = "content/back-pain/lifting/deadlift.md";
                write(r, a, read(r, a) + "\n![The logo](/img/logo.svg)\n")
            }),
        ),
        (
            "made a draft",
            Box::new(|r| {
                let article = "content/back-pain/special.md";
                write(
                    r,
                    article,
                    read(r, article).replacen("---\n", "---\ndraft: true\n", 1),
                )
            }),
        ),
    ];
    for (what, edit) in edits {
        edit(root);
        let out = build(root, &[]);
        assert!(!followed(&out), "{what}: followed from the model: {out}");
        assert_same_as_clean(root, &[], what);
    }
}

/// A way to damage the kept model, and what it is.
type Spoil<'a> = (&'a str, Box<dyn Fn() + 'a>);

#[test]
fn a_model_that_cannot_be_trusted_is_not_used() {
    let site = copy_fixture("clinic");
    let root = site.path();
    let article = "content/back-pain/core.md";
    let edit = |step: usize| {
        write(
            root,
            article,
            read(root, article) + &format!("\nEdit {step}.\n"),
        )
    };
    build(root, &[]);
    let model = kept_files(root, "model").pop().expect("a model");
    let bodies = kept_files(root, "bodies").pop().expect("bodies");
    let old_model = fs::read(&model).unwrap();
    // A later build, followed from the model; then the older model put back.
    edit(0);
    assert!(followed(&build(root, &[])));
    let spoilt: Vec<Spoil> = vec![
        (
            "an older model put back",
            Box::new(|| fs::write(&model, &old_model).unwrap()),
        ),
        (
            "a byte of the model changed",
            Box::new(|| {
                let mut b = fs::read(&model).unwrap();
                let i = b.len() / 2;
                b[i] ^= 1;
                fs::write(&model, b).unwrap();
            }),
        ),
        (
            "the model cut short",
            Box::new(|| {
                let b = fs::read(&model).unwrap();
                fs::write(&model, &b[..b.len() / 2]).unwrap();
            }),
        ),
        (
            "the model emptied",
            Box::new(|| fs::write(&model, "").unwrap()),
        ),
        (
            "the model removed",
            Box::new(|| fs::remove_file(&model).unwrap()),
        ),
        (
            "the bodies written to",
            Box::new(|| {
                let mut b = fs::read(&bodies).unwrap();
                b[0] ^= 1;
                fs::write(&bodies, b).unwrap();
            }),
        ),
        (
            "the bodies cut short",
            Box::new(|| {
                let b = fs::read(&bodies).unwrap();
                fs::write(&bodies, &b[..b.len() / 3]).unwrap();
            }),
        ),
        (
            "the bodies removed",
            Box::new(|| fs::remove_file(&bodies).unwrap()),
        ),
    ];
    for (step, (what, spoil)) in spoilt.into_iter().enumerate() {
        spoil();
        edit(step + 1);
        let out = build(root, &[]);
        assert!(!followed(&out), "{what}: the model was trusted: {out}");
        assert_same_as_clean(root, &[], what);
        // The full build left a model of its own, which the next edit uses.
        edit(100 + step);
        assert!(followed(&build(root, &[])), "{what}: no new model");
        assert_same_as_clean(root, &[], what);
    }
}
