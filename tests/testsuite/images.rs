//! Photos beside the content: found where authors put them, shown as
//! `<picture>`s of resized renditions, published without metadata, cached
//! between builds, refused with a clear error when broken, and picked up by
//! the dev server when replaced.

use crate::common::*;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbaImage::from_fn(w, h, |x, y| {
        image::Rgba([(x * 255 / w) as u8, 90, (y * 255 / h) as u8, 255])
    });
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

/// A TIFF block as phones write into photos: the camera's make (here a
/// marker string) and an orientation.
fn exif(make: &str, orientation: u16) -> Vec<u8> {
    let value = format!("{make}\0");
    let mut t = b"II*\0".to_vec();
    t.extend_from_slice(&8u32.to_le_bytes());
    t.extend_from_slice(&2u16.to_le_bytes());
    // Make: ASCII, stored after the IFD (8 + 2 + 2 × 12 + 4 = 38).
    t.extend_from_slice(&0x010Fu16.to_le_bytes());
    t.extend_from_slice(&2u16.to_le_bytes());
    t.extend_from_slice(&(value.len() as u32).to_le_bytes());
    t.extend_from_slice(&38u32.to_le_bytes());
    t.extend_from_slice(&0x0112u16.to_le_bytes());
    t.extend_from_slice(&3u16.to_le_bytes());
    t.extend_from_slice(&1u32.to_le_bytes());
    t.extend_from_slice(&u32::from(orientation).to_le_bytes());
    t.extend_from_slice(&0u32.to_le_bytes());
    t.extend_from_slice(value.as_bytes());
    t
}

/// A JPEG carrying EXIF (with `secret` as the camera make), XMP and a comment.
fn jpeg_with_metadata(w: u32, h: u32, secret: &str, orientation: u16) -> Vec<u8> {
    use img_parts::jpeg::{markers, Jpeg, JpegSegment};
    use img_parts::{Bytes, ImageEXIF};
    let mut j = Jpeg::from_bytes(Bytes::from(jpeg(w, h))).unwrap();
    j.set_exif(Some(Bytes::from(exif(secret, orientation))));
    let xmp = format!("http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>{secret}-XMP GPS 51.5</x:xmpmeta>");
    j.segments_mut().insert(
        1,
        JpegSegment::new_with_contents(markers::APP1, Bytes::from(xmp)),
    );
    j.segments_mut().insert(
        1,
        JpegSegment::new_with_contents(markers::COM, Bytes::from(format!("{secret}-COMMENT"))),
    );
    let mut out = Vec::new();
    j.encoder().write_to(&mut out).unwrap();
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// site.toml as the fixture has it, plus an `[images]` table.
fn image_settings(root: &Path, original: &str, settings: &str) {
    fs::write(
        root.join("site.toml"),
        format!("{original}\n[images]\n{settings}"),
    )
    .unwrap();
}

fn page(root: &Path, rel: &str, front: &str, body: &str) {
    let path = root.join("content").join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, format!("---\ntitle: Test page\n{front}---\n\n{body}")).unwrap();
}

/// (url, width) of each entry of a `srcset`.
fn srcset(set: &str) -> Vec<(String, u32)> {
    set.split(", ")
        .map(|e| {
            let (url, w) = e.rsplit_once(' ').unwrap();
            (url.to_string(), w.trim_end_matches('w').parse().unwrap())
        })
        .collect()
}

/// The `srcset` of a picture's `<img>` (the fallback format).
fn img_srcset(picture: &str) -> String {
    attr_after(picture.split("<img ").nth(1).unwrap(), r#"srcset=""#)
}

fn decoded(root: &Path, url: &str) -> (image::ImageFormat, u32, u32) {
    let bytes = fs::read(root.join("public").join(url.trim_start_matches('/')))
        .unwrap_or_else(|e| panic!("{url}: {e}"));
    let format = image::guess_format(&bytes).unwrap();
    let img = image::load_from_memory(&bytes).unwrap();
    (format, img.width(), img.height())
}

#[test]
fn photos_become_pictures_of_resized_renditions_wherever_they_sit() {
    let site = copy_fixture("clinic");
    let root = site.path();
    let dir = root.join("content/back-pain/Sitting Well");
    fs::create_dir_all(dir.join("deeper")).unwrap();
    fs::write(dir.join("chair.jpg"), jpeg(1200, 900)).unwrap();
    fs::create_dir_all(root.join("content/shared")).unwrap();
    fs::write(root.join("content/shared/diagram.png"), png(600, 400)).unwrap();
    let gif = {
        let mut out = Vec::new();
        let frame = image::Frame::new(image::RgbaImage::from_pixel(
            4,
            4,
            image::Rgba([200, 0, 0, 255]),
        ));
        image::codecs::gif::GifEncoder::new(&mut out)
            .encode_frames([frame])
            .unwrap();
        out
    };
    fs::write(root.join("content/back-pain/anim.gif"), &gif).unwrap();
    page(
        root,
        "back-pain/Sitting Well/desk.md",
        "",
        "Intro.\n\n![A chair at a desk](chair.jpg \"The chair\")\n\n![Spine diagram](@/shared/diagram.png)\n\n![Moving](../anim.gif)\n",
    );
    page(
        root,
        "back-pain/Sitting Well/deeper/more.md",
        "image: ../chair.jpg\nimage_alt: A chair\n",
        "![Again](../chair.jpg)\n",
    );
    // A section's own page finds images in the section's folder.
    let intro = read(root, "content/back-pain/_index.md");
    fs::write(
        root.join("content/back-pain/_index.md"),
        format!("{intro}\n![Sitting well](<Sitting Well/chair.jpg>)\n"),
    )
    .unwrap();
    let out = build(root, &[]);
    // The chair, the diagram, and the GIF (checked, published as it is).
    assert!(out.contains("3 images processed"), "{out}");

    let html = read(root, "public/back-pain/sitting-well/desk/index.html");
    let pictures: Vec<&str> = html
        .split("<picture>")
        .skip(1)
        .map(|p| p.split("</picture>").next().unwrap())
        .collect();
    assert_eq!(pictures.len(), 2, "{html}");
    let chair = pictures[0];
    let webp = attr_after(chair, r#"<source type="image/webp" srcset=""#);
    let webp = srcset(&webp);
    assert_eq!(
        webp.iter().map(|(_, w)| *w).collect::<Vec<_>>(),
        [480, 960, 1200],
        "no upscaling past 1200"
    );
    for (url, w) in &webp {
        assert!(url.starts_with("/back-pain/sitting-well/chair."), "{url}");
        assert_eq!(
            decoded(root, url),
            (image::ImageFormat::WebP, *w, w * 3 / 4)
        );
    }
    let fallback = srcset(&img_srcset(chair));
    for (url, w) in &fallback {
        assert_eq!(
            decoded(root, url),
            (image::ImageFormat::Jpeg, *w, w * 3 / 4)
        );
    }
    assert!(
        chair.contains(r#"sizes="(min-width: 46rem) 42rem, 100vw""#),
        "{chair}"
    );
    assert!(
        chair.contains(r#"width="1200" height="900" alt="A chair at a desk" title="The chair">"#),
        "{chair}"
    );
    assert!(
        !chair.contains("loading="),
        "the first image loads at once: {chair}"
    );
    // A PNG stays PNG for the fallback; later images load lazily.
    let diagram = pictures[1];
    assert!(
        diagram.contains(
            r#"width="600" height="400" alt="Spine diagram" loading="lazy" decoding="async">"#
        ),
        "{diagram}"
    );
    let (url, _) = srcset(&img_srcset(diagram)).pop().unwrap();
    assert_eq!(decoded(root, &url), (image::ImageFormat::Png, 600, 400));
    // GIFs (often animated) and their URLs are left as they are.
    assert!(
        html.contains(r#"<img src="/back-pain/anim.gif" alt="Moving" />"#),
        "{html}"
    );
    assert_eq!(
        fs::read(root.join("public/back-pain/anim.gif")).unwrap(),
        gif
    );

    let section = read(root, "public/back-pain/index.html");
    assert!(
        section.contains(r#"<img src="/back-pain/sitting-well/chair.1200w."#)
            && section.contains(r#"alt="Sitting well""#),
        "{section}"
    );

    // A page with a hero: the hero loads first, every body image lazily.
    let more = read(root, "public/back-pain/sitting-well/deeper/more/index.html");
    let hero = more
        .split(r#"<figure class="hero-image">"#)
        .nth(1)
        .unwrap()
        .split("</figure>")
        .next()
        .unwrap();
    assert!(
        hero.contains(r#"alt="A chair""#)
            && hero.contains("fetchpriority=\"high\"")
            && hero.contains(".webp 1200w"),
        "{hero}"
    );
    let body = more.split(r#"<div class="prose">"#).nth(1).unwrap();
    assert!(
        body.contains(r#"alt="Again" loading="lazy" decoding="async">"#),
        "{body}"
    );
}

#[test]
fn metadata_is_stripped_and_orientation_applied() {
    let site = copy_fixture("clinic");
    let root = site.path();
    let dir = root.join("content/back-pain");
    fs::write(
        dir.join("gps.jpg"),
        jpeg_with_metadata(640, 480, "SECRET-PHONE", 1),
    )
    .unwrap();
    // Stored landscape, shown portrait (a phone held upright).
    fs::write(
        dir.join("upright.jpg"),
        jpeg_with_metadata(640, 480, "SECRET-ROTATED", 6),
    )
    .unwrap();
    let mut with_text = png(300, 200);
    {
        use img_parts::png::{Png, PngChunk};
        let mut p = Png::from_bytes(img_parts::Bytes::from(with_text)).unwrap();
        let n = p.chunks().len();
        p.chunks_mut().insert(
            n - 1,
            PngChunk::new(
                *b"tEXt",
                img_parts::Bytes::from_static(b"Author\0SECRET-PNG"),
            ),
        );
        with_text = Vec::new();
        p.encoder().write_to(&mut with_text).unwrap();
    }
    fs::write(dir.join("notes.png"), &with_text).unwrap();
    // Not shown on any page: published all the same, and cleaned all the same.
    fs::write(
        dir.join("unused.jpg"),
        jpeg_with_metadata(100, 80, "SECRET-UNUSED", 1),
    )
    .unwrap();
    page(
        root,
        "back-pain/photos.md",
        "",
        "![Desk](gps.jpg)\n\n![Standing](upright.jpg)\n\n![Notes](notes.png)\n",
    );
    build(root, &[]);

    let public = snapshot(&root.join("public"));
    for (name, bytes) in &public {
        assert!(!contains(bytes, b"SECRET"), "metadata left in {name}");
    }
    for name in [
        "back-pain/gps.jpg",
        "back-pain/unused.jpg",
        "back-pain/notes.png",
        "back-pain/upright.jpg",
    ] {
        let original = &public[name];
        assert!(
            image::load_from_memory(original).is_ok(),
            "{name} still an image"
        );
    }
    // The published original of a photo without rotation carries no EXIF at all.
    assert!(!contains(&public["back-pain/gps.jpg"], b"Exif\0\0"));
    // Pixels are untouched: the original's image data is byte-for-byte the same.
    let src = fs::read(dir.join("gps.jpg")).unwrap();
    let sos = |b: &[u8]| b.windows(2).position(|w| w == [0xFF, 0xDA]).unwrap();
    assert_eq!(
        &public["back-pain/gps.jpg"][sos(&public["back-pain/gps.jpg"])..],
        &src[sos(&src)..]
    );

    let html = read(root, "public/back-pain/photos/index.html");
    let standing = html.split(r#"alt="Desk""#).nth(1).unwrap();
    assert!(
        standing.contains(r#"width="480" height="640" alt="Standing""#),
        "{standing}"
    );
    let (url, _) = srcset(&attr_after(
        standing,
        r#"<source type="image/webp" srcset=""#,
    ))
    .pop()
    .unwrap();
    assert_eq!(decoded(root, &url), (image::ImageFormat::WebP, 480, 640));
    // The original keeps only its orientation, so it still shows upright.
    let upright = &public["back-pain/upright.jpg"];
    let exif = {
        use img_parts::ImageEXIF;
        img_parts::jpeg::Jpeg::from_bytes(img_parts::Bytes::from(upright.clone()))
            .unwrap()
            .exif()
            .unwrap()
    };
    assert!(exif.len() < 40, "orientation only: {exif:?}");
    let mut decoder = image::ImageReader::new(std::io::Cursor::new(upright))
        .with_guessed_format()
        .unwrap()
        .into_decoder()
        .unwrap();
    use image::ImageDecoder;
    assert_eq!(
        decoder.orientation().unwrap(),
        image::metadata::Orientation::Rotate90
    );
}

#[test]
fn bad_images_stop_the_build_at_the_line_that_shows_them() {
    let good = jpeg(400, 300);
    let mut corrupt = png(200, 100);
    let idat = corrupt.windows(4).position(|w| w == b"IDAT").unwrap();
    for b in &mut corrupt[idat + 8..idat + 40] {
        *b ^= 0x5A;
    }
    // 30,000 × 30,000 pixels declared in a file of a few dozen bytes.
    let bomb = {
        let mut p = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut ihdr = b"IHDR".to_vec();
        ihdr.extend_from_slice(&30_000u32.to_be_bytes());
        ihdr.extend_from_slice(&30_000u32.to_be_bytes());
        ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
        p.extend_from_slice(&13u32.to_be_bytes());
        p.extend_from_slice(&ihdr);
        p.extend_from_slice(&crc32(&ihdr).to_be_bytes());
        // A few bytes of compressed data, as a real bomb would have more of.
        let idat = b"IDAT\x78\x9c\x03\x00\x00\x00\x00\x01";
        p.extend_from_slice(&8u32.to_be_bytes());
        p.extend_from_slice(idat);
        p.extend_from_slice(&crc32(idat).to_be_bytes());
        p.extend_from_slice(b"\0\0\0\0IEND\xaeB`\x82");
        p
    };
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.jpg", Vec::new(), "is an empty file (0 bytes)"),
        ("notes.jpg", b"These are my notes, not a photo.\n".to_vec(), "is not an image: it holds text"),
        ("cut.jpg", good[..good.len() / 2].to_vec(), "is incomplete: the file ends before the image does"),
        ("corrupt.png", corrupt, "is damaged"),
        ("bomb.png", bomb, "is 30000 × 30000 pixels (900 megapixels), over the limit of 100 megapixels"),
        ("scan.jpg", b"BM\x3a\0\0\0\0\0\0\0\x36\0\0\0\x28\0\0\0\x01\0\0\0\x01\0\0\0\x01\0\x18\0\0\0\0\0\x04\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\xff\0".to_vec(), "is a BMP image; lumbar publishes JPEG, PNG, WebP and GIF"),
        ("iphone.jpg", b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec(), "is a HEIC photo"),
    ];
    let site = copy_fixture("clinic");
    let root = site.path();
    build(root, &[]);
    let before = snapshot(&root.join("public"));
    for (name, bytes, why) in cases {
        let file = root.join("content/back-pain").join(name);
        fs::write(&file, &bytes).unwrap();
        page(
            root,
            "back-pain/photo.md",
            "",
            &format!("Some text.\n\nMore text.\n\n![Alt]({name})\n"),
        );
        let out = lumbar(root, &["build"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{name}");
        let at = "content/back-pain/photo.md:9:1: image ";
        let line = err
            .lines()
            .find(|l| l.contains(why))
            .unwrap_or_else(|| panic!("{name}: {err}"));
        assert!(line.contains(at) && line.contains(name), "{name}: {line}");
        assert!(!err.contains("panicked"), "{err}");
        assert_eq!(
            snapshot(&root.join("public")),
            before,
            "{name}: public/ changed"
        );
        // Not shown anywhere, it is still published, so still an error: at the file.
        fs::remove_file(root.join("content/back-pain/photo.md")).unwrap();
        let out = lumbar(root, &["build"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            !out.status.success()
                && err.contains(&format!("content/back-pain/{name}:1:1: this file {why}")),
            "{name}: {err}"
        );
        assert_eq!(
            snapshot(&root.join("public")),
            before,
            "{name}: public/ changed"
        );
        fs::remove_file(&file).unwrap();
    }
    // `lumbar check` says the same.
    fs::write(
        root.join("content/back-pain/cut.jpg"),
        &good[..good.len() / 2],
    )
    .unwrap();
    page(root, "back-pain/photo.md", "", "Text.\n\n![Alt](cut.jpg)\n");
    let out = lumbar(root, &["check"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("content/back-pain/photo.md:7:1: image"));
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn cache(root: &Path) -> BTreeMap<String, std::time::SystemTime> {
    fs::read_dir(root.join(".lumbar-cache/images"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name() != "index.tsv")
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                e.metadata().unwrap().modified().unwrap(),
            )
        })
        .collect()
}

#[test]
fn renditions_are_cached_reused_and_pruned() {
    let site = copy_fixture("clinic");
    let root = site.path();
    fs::write(root.join("content/back-pain/chair.jpg"), jpeg(1000, 750)).unwrap();
    fs::write(root.join("content/back-pain/desk.jpg"), jpeg(500, 400)).unwrap();
    page(
        root,
        "back-pain/photos.md",
        "",
        "![Chair](chair.jpg)\n\n![Desk](desk.jpg)\n",
    );
    let out = build(root, &[]);
    assert!(out.contains("2 images processed"), "{out}");
    let first = cache(root);
    // chair: 480, 960, 1000 × (webp, jpg) + original; desk: 480, 500 × 2 + original.
    assert_eq!(first.len(), 7 + 5, "{first:?}");
    let public = snapshot(&root.join("public"));

    // Nothing changed: no image is read again, and the output is the same.
    let out = build(root, &[]);
    assert!(!out.contains("processed"), "{out}");
    assert_eq!(cache(root), first);
    assert_eq!(snapshot(&root.join("public")), public);

    // The same bytes saved again (a new time): recognised by content.
    fs::write(root.join("content/back-pain/chair.jpg"), jpeg(1000, 750)).unwrap();
    let out = build(root, &[]);
    assert!(!out.contains("processed"), "{out}");

    // A new quality makes new renditions and prunes the old ones.
    let toml = read(root, "site.toml");
    image_settings(root, &toml, "quality = 60\n");
    let out = build(root, &[]);
    assert!(out.contains("2 images processed"), "{out}");
    let second = cache(root);
    assert_eq!(second.len(), 12);
    let originals = first.keys().filter(|k| second.contains_key(*k)).count();
    assert_eq!(originals, 2, "only the cleaned originals are the same");

    // An image no page shows and no file holds any more is pruned.
    fs::remove_file(root.join("content/back-pain/desk.jpg")).unwrap();
    page(root, "back-pain/photos.md", "", "![Chair](chair.jpg)\n");
    build(root, &[]);
    assert_eq!(cache(root).len(), 7);
    // A failed build keeps the cache (only a published build prunes).
    fs::write(
        root.join("content/back-pain/bad.md"),
        "---\ntitle: [\n---\n",
    )
    .unwrap();
    assert!(!lumbar(root, &["build"]).status.success());
    assert_eq!(cache(root).len(), 7);
}

#[test]
fn avif_when_enabled_and_widths_as_configured() {
    let site = copy_fixture("clinic");
    let root = site.path();
    let toml = read(root, "site.toml");
    image_settings(root, &toml, "avif = true\nwidths = [100, 160]\n");
    fs::write(root.join("content/back-pain/chair.jpg"), jpeg(200, 150)).unwrap();
    page(root, "back-pain/photos.md", "", "![Chair](chair.jpg)\n");
    build(root, &[]);
    let html = read(root, "public/back-pain/photos/index.html");
    let picture = html.split("<picture>").nth(1).unwrap();
    // Smallest format first: the browser takes the first it can show.
    assert!(
        picture.starts_with(r#"<source type="image/avif" srcset=""#),
        "{picture}"
    );
    let avif = srcset(&attr_after(
        picture,
        r#"<source type="image/avif" srcset=""#,
    ));
    assert_eq!(avif.iter().map(|(_, w)| *w).collect::<Vec<_>>(), [100, 160]);
    for (url, _) in avif {
        let bytes = fs::read(root.join("public").join(url.trim_start_matches('/'))).unwrap();
        assert_eq!(&bytes[4..12], b"ftypavif", "{url}");
    }
    // A setting out of range is refused at its line.
    image_settings(root, &toml, "quality = 0\n");
    let out = lumbar(root, &["build"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success()
            && err.contains("site.toml:")
            && err.contains("quality must be between 1 and 100"),
        "{err}"
    );
}

#[test]
fn check_names_oversized_originals_with_their_line() {
    let site = copy_fixture("clinic");
    let root = site.path();
    let toml = read(root, "site.toml");
    image_settings(root, &toml, "max_file_mb = 0.001\n");
    fs::write(root.join("content/back-pain/chair.jpg"), jpeg(400, 300)).unwrap();
    page(
        root,
        "back-pain/photos.md",
        "",
        "Text.\n\n![Chair](chair.jpg)\n\n![](chair.jpg)\n",
    );
    let out = lumbar(root, &["check"]);
    let text = String::from_utf8_lossy(&out.stdout);
    let size = fs::metadata(root.join("content/back-pain/chair.jpg"))
        .unwrap()
        .len() as f64
        / 1000.0;
    for line in [7, 9] {
        let warning = format!(
            "content/back-pain/photos.md:{line}: warning [images] image /back-pain/chair.jpg is {size:.0} KB, over the 0.001 MB limit"
        );
        assert!(text.contains(&warning), "{warning}\n{text}");
    }
    assert!(
        text.contains(
            "content/back-pain/photos.md:9: error [accessibility] image without alt text"
        ),
        "{text}"
    );
}

#[test]
fn serve_shows_a_replaced_image_without_waiting_for_it() {
    let site = copy_fixture("clinic");
    let root = site.path();
    fs::write(root.join("content/back-pain/chair.jpg"), jpeg(800, 600)).unwrap();
    page(root, "back-pain/photos.md", "", "![Chair](chair.jpg)\n");
    let server = Server::start(root);
    let events = Events::connect(&server.addr);
    let first_webp = |html: &str| {
        srcset(&attr_after(html, r#"<source type="image/webp" srcset=""#))
            .remove(0)
            .0
    };
    let old = first_webp(&server.get("/back-pain/photos/").body);
    let made = |r: &HttpResponse| {
        r.status == 200 && image::guess_format(&r.bytes).ok() == Some(image::ImageFormat::WebP)
    };
    let img = server.wait_for(&old, 30, made);
    assert_eq!(image::load_from_memory(&img.bytes).unwrap().width(), 480);

    // Replaced by a portrait photo: the page names new renditions at once.
    atomic_write_bytes(&root.join("content/back-pain/chair.jpg"), &jpeg(600, 800));
    events.expect("reload", 20);
    let html = server
        .wait_for("/back-pain/photos/", 10, |r| {
            r.body.contains(r#"width="600" height="800""#)
        })
        .body;
    let new = first_webp(&html);
    assert_ne!(new, old);
    // Served at once (the original stands in until the rendition is made).
    assert_eq!(server.get(&new).status, 200);
    let img = server.wait_for(&new, 30, made);
    let shown = image::load_from_memory(&img.bytes).unwrap();
    assert_eq!((shown.width(), shown.height()), (480, 640));
    // Nothing was written to public/.
    assert!(!root.join("public").exists());
}

fn atomic_write_bytes(path: &Path, bytes: &[u8]) {
    let tmp = path.with_extension("tmp-write");
    fs::write(&tmp, bytes).unwrap();
    fs::rename(&tmp, path).unwrap();
}
