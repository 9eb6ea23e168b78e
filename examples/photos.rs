//! Writes deterministic test photos for the image benchmark
//! (`benches/images.py`): smooth gradients with noise on top, which JPEG
//! compresses about as badly as a real photo, so decoding and encoding cost
//! what they would.
//!
//!     cargo run --release --example photos -- DIR COUNT [WIDTH HEIGHT [NOISE]]
//!
//! NOISE (0–64, default 32) is how grainy; 0 gives small files for fixtures.

use image::{codecs::jpeg::JpegEncoder, RgbImage};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (dir, count) = match (
        args.first(),
        args.get(1).and_then(|n| n.parse::<u32>().ok()),
    ) {
        (Some(d), Some(n)) => (std::path::PathBuf::from(d), n),
        _ => {
            eprintln!("usage: photos DIR COUNT [WIDTH HEIGHT [NOISE]]");
            std::process::exit(2);
        }
    };
    let width = args.get(2).and_then(|w| w.parse().ok()).unwrap_or(4000u32);
    let height = args.get(3).and_then(|h| h.parse().ok()).unwrap_or(3000u32);
    let amplitude = args
        .get(4)
        .and_then(|n| n.parse().ok())
        .unwrap_or(32u64)
        .clamp(0, 64);
    std::fs::create_dir_all(&dir).expect("create the folder");
    for i in 0..count {
        let mut seed = 0x9E37_79B9_7F4A_7C15u64 ^ u64::from(i);
        let mut noise = move || {
            // xorshift: fast, and the same bytes on every machine.
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            ((seed % (2 * amplitude + 1)) as i32) - amplitude as i32
        };
        let hue = (i * 37 % 255) as i32;
        let img = RgbImage::from_fn(width, height, |x, y| {
            let gx = (x * 255 / width) as i32;
            let gy = (y * 255 / height) as i32;
            let mut px = |v: i32| (v + noise()).clamp(0, 255) as u8;
            image::Rgb([px(gx), px((gy + hue) % 256), px(255 - (gx + gy) / 2)])
        });
        let path = dir.join(format!("photo-{i:03}.jpg"));
        let mut out =
            std::io::BufWriter::new(std::fs::File::create(&path).expect("create a photo"));
        JpegEncoder::new_with_quality(&mut out, 90)
            .encode_image(&img)
            .expect("encode a photo");
    }
}
