//! The `lumbar` command: argument parsing and reporting only; the work is in the library.

use anyhow::Result;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

// Rendering thousands of pages is allocation-heavy; mimalloc cut build time
// and peak memory noticeably against the system allocator (see README, Performance).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

extern "C" {
    // From mimalloc.h, linked in through the `mimalloc` crate.
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// mimalloc keeps freed pages for a while for reuse, and only returns them
/// when it next allocates. The dev server runs for hours: after a burst of
/// 2,200 connections its memory stayed at 2.6x. Purging at once brought it
/// back to 1.03x and cost nothing measurable in save-to-reload time.
fn release_freed_memory_promptly() {
    /// `mi_option_purge_delay` in mimalloc.h's `mi_option_e` (v2 and v3).
    const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;
    // SAFETY: sets an integer option; mimalloc allows this at any time.
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, 0) }
}

/// mimalloc reserves memory in large arenas; backed by 2 MiB transparent
/// huge pages, a page that holds a few live objects stays resident whole.
/// Cargo's `no_thp` feature stops mimalloc asking for them; this also stops
/// a kernel set to give them unasked (`transparent_hugepage=always`). On
/// 100,221 pages the build peaked at 518 MiB with huge pages and 463 MiB
/// without, on 8,221 pages at 98-104 and 70 MiB, in the same time.
fn keep_memory_in_small_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: sets a flag on this process; no pointers are passed.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

#[derive(Parser)]
#[command(
    name = "lumbar",
    version,
    about = "Static site generator for clinic patient-education pages"
)]
struct Cli {
    /// The site directory (holds site.toml, content/, themes/).
    #[arg(long, short = 'r', global = true, default_value = ".")]
    root: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output directory (public/ by default).
    Build {
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Output directory (overrides site.toml's output_dir).
        #[arg(long, short = 'o')]
        output: Option<PathBuf>,
        /// Base URL (overrides site.toml's base_url), e.g. for a preview deploy.
        #[arg(long)]
        base_url: Option<String>,
        /// Allow an output directory outside the site directory.
        #[arg(long)]
        allow_outside_output: bool,
        /// Build into a non-empty directory that lumbar did not create, and
        /// replace files in it that the build writes (other files are kept).
        #[arg(long)]
        force: bool,
        /// Include pages whose `date` is still to come (scheduled pages).
        #[arg(long)]
        future: bool,
        /// Decide what is scheduled or expired as if today were this date
        /// (YYYY-MM-DD), e.g. to check what goes live on a Monday.
        #[arg(long, value_name = "DATE")]
        today: Option<chrono::NaiveDate>,
        /// Collapse whitespace and drop comments in the HTML (as
        /// `minify_html = true` in site.toml).
        #[arg(long)]
        minify: bool,
        /// Build everything again, even when the build cache shows that
        /// nothing changed since the last build, or only some pages were
        /// saved; keep no record for the next build.
        #[arg(long)]
        no_cache: bool,
    },
    /// Preview the site with live reload.
    Serve {
        #[arg(long, short = 'p', default_value_t = 1111)]
        port: u16,
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Include pages marked `draft: true` (the default when previewing).
        #[arg(long, default_value_t = true, action = clap::ArgAction::Set)]
        drafts: bool,
        /// Also answer requests addressed to this host name (repeatable), e.g.
        /// to preview from a phone as `my-laptop.local`.
        #[arg(long = "allow-host", value_name = "NAME")]
        allow_hosts: Vec<String>,
        /// Seconds a new connection has to send its request (tests shorten it).
        #[arg(long, hide = true, default_value_t = 10.0)]
        head_timeout: f64,
        /// Seconds an idle keep-alive connection stays open (tests shorten it).
        #[arg(long, hide = true, default_value_t = 15.0)]
        idle_timeout: f64,
    },
    /// Check links, review dates, readability, accessibility and FAQ quality.
    Check {
        /// Also check external links over the network.
        #[arg(long)]
        external: bool,
        /// `text` for people, `json` for CI; `csv` too for a `--report`.
        #[arg(long, default_value = "text", value_parser = ["text", "json", "csv"])]
        format: String,
        /// Instead of the checks, write a report: `reviews` lists every
        /// page's author, reviewer, last review, next review due and status;
        /// `translations` every page missing or out of date in each language.
        #[arg(long, value_name = "REPORT", value_parser = ["reviews", "translations"])]
        report: Option<String>,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Judge review dates as if today were this date (YYYY-MM-DD), e.g.
        /// to see which pages fall due for review by then.
        #[arg(long, value_name = "DATE")]
        today: Option<chrono::NaiveDate>,
    },
    /// Start a new site: a small clinic site that builds and passes
    /// `lumbar check --strict`, to edit into your own.
    Init {
        /// The folder to create it in (default: --root, the current folder).
        dir: Option<PathBuf>,
        /// The clinic's name, for site.toml and the home page.
        #[arg(long, default_value = "Your Clinic")]
        name: String,
        /// Add the files that are missing to a folder that is not empty
        /// (nothing is overwritten).
        #[arg(long)]
        force: bool,
        /// Also write the workflow that publishes the site: `github` for
        /// GitHub Pages (in a folder that is a site already, only that).
        #[arg(long, value_name = "HOST")]
        ci: Option<CiHost>,
    },
    /// Start a page: a draft from the archetype (site archetypes/ replace
    /// the built-in ones), dated today.
    New {
        #[command(subcommand)]
        kind: NewKind,
    },
    /// Work with themes.
    Theme {
        #[command(subcommand)]
        action: ThemeAction,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum CiHost {
    Github,
}

#[derive(Subcommand)]
enum NewKind {
    /// content/PATH.md, e.g. `lumbar new article advice/sleep "Sleeping with back pain"`.
    Article {
        path: String,
        /// The title (default: from the file name).
        title: Option<String>,
    },
    /// content/faq/NAME.yaml (or content/PATH.yaml for a path with folders).
    Faq { path: String, title: Option<String> },
}

#[derive(Subcommand)]
enum ThemeAction {
    /// Write the built-in theme into themes/NAME/ to change it; then set
    /// `theme = "NAME"` in site.toml.
    Eject {
        #[arg(default_value = "custom")]
        name: String,
        /// Add only the files missing from an existing themes/NAME/.
        #[arg(long)]
        force: bool,
    },
}

/// Lists what a scaffold wrote and kept, relative to `dir`.
fn print_written(dir: &std::path::Path, w: &lumbar::init::Written) {
    for p in &w.written {
        println!("  wrote {}", dir.join(p).display());
    }
    for p in &w.kept {
        println!("  kept  {} (already there)", dir.join(p).display());
    }
}

fn main() -> ExitCode {
    keep_memory_in_small_pages();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            // One line a problem: the library's errors carry file:line:column.
            match e.downcast_ref::<lumbar::Error>() {
                Some(e) => e.lines().iter().for_each(|l| eprintln!("error: {l}")),
                None => eprintln!("error: {e}"),
            }
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Build {
            drafts,
            output,
            base_url,
            allow_outside_output,
            force,
            future,
            today,
            minify,
            no_cache,
        } => {
            let report = lumbar::build::build(&lumbar::build::BuildOptions {
                root: cli.root,
                output,
                drafts,
                future,
                today,
                allow_outside: allow_outside_output,
                base_url,
                force,
                minify,
                cache: !no_cache,
            })?;
            for w in &report.warnings {
                eprintln!("warning: {w}");
            }
            let count = |f: fn(&lumbar::content::LeftOut) -> bool| {
                report.left_out.iter().filter(|(_, w)| f(w)).count()
            };
            use lumbar::content::LeftOut;
            let scheduled = count(|w| matches!(w, LeftOut::Scheduled(_)));
            let expired = count(|w| matches!(w, LeftOut::Expired(_)));
            let overdue = count(|w| matches!(w, LeftOut::Overdue(_)));
            // ", 1 draft skipped", ", 2 scheduled pages left out", …
            let part = |n: usize, one: &str, many: &str| match n {
                0 => String::new(),
                1 => format!(", 1 {one}"),
                n => format!(", {n} {many}"),
            };
            let drafts = [
                part(report.drafts_skipped, "draft skipped", "drafts skipped"),
                part(
                    scheduled,
                    "scheduled page left out",
                    "scheduled pages left out",
                ),
                part(expired, "expired page left out", "expired pages left out"),
                part(
                    overdue,
                    "page overdue for review left out",
                    "pages overdue for review left out",
                ),
            ]
            .concat();
            let pages = if report.pages == 1 { "page" } else { "pages" };
            if report.up_to_date {
                println!(
                    "up to date: {} {pages}{drafts} in {} ({} files), nothing changed since the last build; checked in {:.0?}",
                    report.pages,
                    report.output.display(),
                    report.files,
                    report.elapsed
                );
                return Ok(ExitCode::SUCCESS);
            }
            println!(
                "built {} {pages}{drafts} into {} ({} files: {} written, {} unchanged, {} removed{}{}{}) in {:.0?}",
                report.pages,
                report.output.display(),
                report.files,
                report.written,
                report.unchanged,
                report.removed,
                match report.images_processed {
                    0 => String::new(),
                    1 => "; 1 image processed".to_string(),
                    n => format!("; {n} images processed"),
                },
                if report.in_place { "; updated in place, as it is a mount point" } else { "" },
                match report.edited {
                    None => String::new(),
                    Some((files, outputs)) => format!(
                        "; only what {} showed rendered again: {outputs} {}",
                        if files == 1 { "the saved file".to_string() } else { format!("the {files} saved files") },
                        if outputs == 1 { "output" } else { "outputs" }
                    ),
                },
                report.elapsed
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve {
            port,
            bind,
            open,
            drafts,
            allow_hosts,
            head_timeout,
            idle_timeout,
        } => {
            release_freed_memory_promptly();
            let seconds = |s: f64| std::time::Duration::from_secs_f64(s.clamp(0.1, 86_400.0));
            lumbar::serve::serve(&lumbar::serve::ServeOptions {
                root: cli.root,
                port,
                bind,
                open,
                drafts,
                allow_hosts,
                limits: lumbar::serve::server::Limits {
                    head_timeout: seconds(head_timeout),
                    idle_timeout: seconds(idle_timeout),
                    ..Default::default()
                },
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Check {
            report: Some(kind),
            format,
            strict,
            drafts,
            today,
            ..
        } => {
            // Each report in every format, and whether it shows work to do.
            let (json, csv, text, needs_work) = if kind == "translations" {
                let r = lumbar::check::translations::report(&cli.root, drafts, today)?;
                (r.to_json(), r.to_csv(), r.to_text(), r.needs_work())
            } else {
                let r = lumbar::reviews::report(&cli.root, drafts, today)?;
                (r.to_json(), r.to_csv(), r.to_text(), r.needs_work())
            };
            match format.as_str() {
                "json" => println!("{json}"),
                "csv" => print!("{csv}"),
                _ => print!("{text}"),
            }
            Ok(if strict && needs_work {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Check {
            external,
            format,
            strict,
            drafts,
            today,
            report: None,
        } => {
            if format == "csv" {
                anyhow::bail!("--format csv is for `--report reviews` and `--report translations`; the checks' findings come as text or json");
            }
            let report = lumbar::check::check(&lumbar::check::CheckOptions {
                root: cli.root,
                external,
                drafts,
                today,
            })?;
            if format == "json" {
                println!("{}", report.to_json());
            } else {
                print!("{}", report.to_text());
            }
            Ok(if report.failed(strict) {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Init {
            dir,
            name,
            force,
            ci,
        } => {
            let dir = dir.unwrap_or(cli.root);
            let today = chrono::Local::now().date_naive();
            let ci = ci.map(|CiHost::Github| lumbar::init::Ci::Github);
            let existing = dir.join("site.toml").is_file();
            let w = lumbar::init::init(&dir, &name, today, force, ci)?;
            print_written(&dir, &w);
            if ci.is_some() {
                let ignored = std::fs::read_to_string(dir.join(".gitignore")).unwrap_or_default();
                if ignored
                    .lines()
                    .any(|l| matches!(l.trim(), "/public/" | "public/" | "/public" | "public"))
                {
                    println!("\nTo do: remove the `/public/` line from .gitignore: GitHub Pages publishes the public/ you commit.");
                }
                println!("\nPublish: lumbar check --strict && lumbar build, commit public/ and push;\nin the repository's Settings → Pages, set Source to \"GitHub Actions\".");
                if existing {
                    return Ok(ExitCode::SUCCESS);
                }
            }
            let cd = if dir == std::path::Path::new(".") {
                String::new()
            } else {
                format!("cd {} && ", dir.display())
            };
            println!("\nNext: {cd}lumbar serve   (then edit site.toml and the files in content/)");
            Ok(ExitCode::SUCCESS)
        }
        Command::New { kind } => {
            let (kind, path, title) = match kind {
                NewKind::Article { path, title } => (lumbar::init::NewKind::Article, path, title),
                NewKind::Faq { path, title } => (lumbar::init::NewKind::Faq, path, title),
            };
            let config = lumbar::config::Config::load(&cli.root)?;
            let today = chrono::Local::now().date_naive();
            let file =
                lumbar::init::new_page(&cli.root, kind, &path, title.as_deref(), &config, today)?;
            println!(
                "wrote {} (a draft: `lumbar serve` shows it; delete `draft: true` to publish)",
                file.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Theme {
            action: ThemeAction::Eject { name, force },
        } => {
            let w = lumbar::init::eject_theme(&cli.root, &name, force)?;
            print_written(&cli.root.join("themes").join(&name), &w);
            println!("\nNext: set theme = \"{name}\" in site.toml, then change the files in themes/{name}/");
            Ok(ExitCode::SUCCESS)
        }
    }
}
