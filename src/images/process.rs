//! Reading, resizing, encoding and cleaning one image. Every function
//! answers bad input with a plain-words reason, never a panic.

use super::{Format, Rendition, Source};
use crate::config::ImageSettings;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use std::io::Cursor;
use std::path::Path;

type Why = String;

/// Format, size as shown (EXIF orientation applied) and orientation,
/// read from the header only: a huge image is refused before a pixel of it
/// is decoded.
pub fn header(bytes: &[u8], max_pixels: u64) -> Result<(Format, u32, u32, u8), Why> {
    let format = format_of(bytes)?;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), image_format(format));
    // Our own limit below says more than the decoder's "limits exceeded".
    reader.no_limits();
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| format!("is damaged: its header cannot be read ({e})"))?;
    let (w, h) = decoder.dimensions();
    let pixels = u64::from(w) * u64::from(h);
    if pixels > max_pixels {
        return Err(format!(
            "is {w} × {h} pixels ({} megapixels), over the limit of {} megapixels \
             (`max_pixels` under [images] in site.toml): make it smaller before adding it",
            pixels / 1_000_000,
            max_pixels / 1_000_000
        ));
    }
    if w == 0 || h == 0 {
        return Err("is damaged: it declares no pixels".into());
    }
    let orientation = match format {
        Format::Gif => 1,
        _ => decoder.orientation().map_or(1, orientation_code),
    };
    let (w, h) = if orientation >= 5 { (h, w) } else { (w, h) };
    Ok((format, w, h, orientation))
}

fn format_of(bytes: &[u8]) -> Result<Format, Why> {
    match image::guess_format(bytes) {
        Ok(ImageFormat::Jpeg) => Ok(Format::Jpeg),
        Ok(ImageFormat::Png) => Ok(Format::Png),
        Ok(ImageFormat::WebP) => Ok(Format::WebP),
        Ok(ImageFormat::Gif) => Ok(Format::Gif),
        Ok(other) => Err(format!(
            "is a {} image; lumbar publishes JPEG, PNG, WebP and GIF: save it as JPEG (photos) or PNG (drawings)",
            other.extensions_str().first().copied().unwrap_or("different").to_uppercase()
        )),
        Err(_) if bytes.get(4..12).is_some_and(|b| b.starts_with(b"ftyphei") || b.starts_with(b"ftypmif1") || b.starts_with(b"ftypheic")) => Err(
            "is a HEIC photo (the iPhone's own format), which browsers cannot show: export it as JPEG".into(),
        ),
        Err(_) if !bytes.is_empty() && std::str::from_utf8(&bytes[..bytes.len().min(512)]).is_ok() => {
            Err("is not an image: it holds text".into())
        }
        Err(_) => Err("is not an image lumbar can read: it does not start like a JPEG, PNG, WebP or GIF file".into()),
    }
}

fn image_format(f: Format) -> ImageFormat {
    match f {
        Format::Jpeg => ImageFormat::Jpeg,
        Format::Png => ImageFormat::Png,
        Format::WebP => ImageFormat::WebP,
        Format::Gif => ImageFormat::Gif,
        Format::Avif => ImageFormat::Avif,
    }
}

fn orientation_code(o: image::metadata::Orientation) -> u8 {
    use image::metadata::Orientation as O;
    match o {
        O::NoTransforms => 1,
        O::FlipHorizontal => 2,
        O::Rotate180 => 3,
        O::FlipVertical => 4,
        O::Rotate90FlipH => 5,
        O::Rotate90 => 6,
        O::Rotate270FlipH => 7,
        O::Rotate270 => 8,
    }
}

/// Makes `renditions` of the image at `path` into `dir`, decoding it at most
/// once. Files appear whole or not at all (written aside, then renamed).
pub fn make(
    path: &Path,
    renditions: &[&Rendition],
    s: &ImageSettings,
    dir: &Path,
) -> Result<(), Why> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot be read: {e}"))?;
    let Some(first) = renditions.first() else {
        return Ok(());
    };
    let source = &first.source;
    let mut decoded: Option<DynamicImage> = None;
    for r in renditions {
        let data = match r.width {
            None => strip_metadata(&bytes, source.format, source.orientation)?,
            Some(width) => {
                let img = match decoded.take() {
                    Some(img) => img,
                    None => decode(&bytes, source, s)?,
                };
                let resized = resize(&img, width, source.height_at(width))?;
                decoded = Some(img);
                encode(&resized, r.format, s)?
            }
        };
        write_whole(&dir.join(&r.key), &data)?;
    }
    // An image published only as it is (no page shows it) is decoded all
    // the same, once: a broken file must not reach the site unnoticed.
    if decoded.is_none() {
        decode(&bytes, source, s)?;
    }
    Ok(())
}

fn write_whole(path: &Path, data: &[u8]) -> Result<(), Why> {
    // Unique per write: two threads (the dev server's) may make one file.
    static WRITES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = path.with_extension(format!("tmp{}-{n}", std::process::id()));
    std::fs::write(&tmp, data)
        .and_then(|_| std::fs::rename(&tmp, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            format!("cannot be cached in {}: {e}", path.display())
        })
}

/// Pixels as shown (orientation applied), 8-bit RGB or RGBA.
fn decode(bytes: &[u8], source: &Source, s: &ImageSettings) -> Result<DynamicImage, Why> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), image_format(source.format));
    let mut limits = Limits::default();
    // Room for the pixels at 16 bits per channel with alpha, no more.
    limits.max_alloc = Some(s.max_pixels.saturating_mul(8).saturating_add(64 << 20));
    reader.limits(limits);
    let damaged = |e: image::ImageError| format!("is damaged or incomplete: {e}");
    let mut decoder = reader.into_decoder().map_err(damaged)?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    if source.format == Format::Jpeg && !ends_like_jpeg(bytes) {
        return Err("is incomplete: the file ends before the image does (copy it again)".into());
    }
    let mut img = DynamicImage::from_decoder(decoder).map_err(damaged)?;
    img.apply_orientation(orientation);
    Ok(if img.color().has_alpha() {
        DynamicImage::ImageRgba8(img.into_rgba8())
    } else {
        DynamicImage::ImageRgb8(img.into_rgb8())
    })
}

/// A JPEG decoder shows a cut-off file as grey below the cut; a whole file
/// ends with the end-of-image marker (some cameras pad after it).
fn ends_like_jpeg(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(4096)..];
    tail.windows(2).any(|w| w == [0xFF, 0xD9])
}

fn resize(img: &DynamicImage, width: u32, height: u32) -> Result<DynamicImage, Why> {
    use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
    if (img.width(), img.height()) == (width, height) {
        return Ok(img.clone());
    }
    let mut dst = DynamicImage::new(width, height, img.color());
    Resizer::new()
        .resize(
            img,
            &mut dst,
            &ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3)),
        )
        .map_err(|e| format!("cannot be resized: {e}"))?;
    Ok(dst)
}

fn encode(img: &DynamicImage, format: Format, s: &ImageSettings) -> Result<Vec<u8>, Why> {
    let (w, h) = (img.width(), img.height());
    let failed = |e: &dyn std::fmt::Display| format!("cannot be encoded as {}: {e}", format.ext());
    let mut out = Vec::new();
    match format {
        Format::WebP => {
            let enc = match img {
                DynamicImage::ImageRgba8(b) => webp::Encoder::from_rgba(b, w, h),
                _ => webp::Encoder::from_rgb(img.as_bytes(), w, h),
            };
            let mem = enc
                .encode_simple(false, f32::from(s.quality))
                .map_err(|e| failed(&format!("{e:?}")))?;
            out.extend_from_slice(&mem);
        }
        Format::Jpeg => {
            let rgb = img.to_rgb8();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, s.quality)
                .encode_image(&rgb)
                .map_err(|e| failed(&e))?;
        }
        Format::Png => {
            use image::codecs::png::{CompressionType, FilterType, PngEncoder};
            img.write_with_encoder(PngEncoder::new_with_quality(
                &mut out,
                CompressionType::Default,
                FilterType::Adaptive,
            ))
            .map_err(|e| failed(&e))?;
        }
        Format::Avif => {
            let enc = ravif::Encoder::new()
                .with_quality(f32::from(s.avif_quality))
                .with_speed(8);
            let encoded = match img {
                DynamicImage::ImageRgba8(b) => {
                    let px: Vec<ravif::RGBA8> = b
                        .chunks_exact(4)
                        .map(|c| ravif::RGBA8::new(c[0], c[1], c[2], c[3]))
                        .collect();
                    enc.encode_rgba(ravif::Img::new(&px, w as usize, h as usize))
                }
                _ => {
                    let px: Vec<ravif::RGB8> = img
                        .as_bytes()
                        .chunks_exact(3)
                        .map(|c| ravif::RGB8::new(c[0], c[1], c[2]))
                        .collect();
                    enc.encode_rgb(ravif::Img::new(&px, w as usize, h as usize))
                }
            }
            .map_err(|e| failed(&e))?;
            out = encoded.avif_file;
        }
        Format::Gif => return Err("GIFs are published as they are".into()),
    }
    Ok(out)
}

/// The file without EXIF, XMP, IPTC, comments or text chunks; pixels, colour
/// profile and (for a rotated photo) an orientation-only EXIF are kept, so
/// it looks exactly as before. Lossless: the image data is not re-encoded.
pub fn strip_metadata(bytes: &[u8], format: Format, orientation: u8) -> Result<Vec<u8>, Why> {
    use img_parts::{Bytes, ImageEXIF};
    let damaged = |e: img_parts::Error| format!("is damaged: {e}");
    let data = Bytes::copy_from_slice(bytes);
    let orientation_only = (orientation != 1).then(|| Bytes::from(orientation_exif(orientation)));
    let mut out = Vec::with_capacity(bytes.len());
    match format {
        Format::Jpeg => {
            use img_parts::jpeg::{markers, Jpeg};
            let mut jpeg = Jpeg::from_bytes(data).map_err(damaged)?;
            jpeg.segments_mut().retain(|seg| match seg.marker() {
                markers::APP0 => seg.contents().starts_with(b"JFIF"),
                markers::APP2 => seg.contents().starts_with(b"ICC_PROFILE\0"),
                markers::APP14 => seg.contents().starts_with(b"Adobe"),
                m if (markers::APP0..=markers::APP15).contains(&m) => false,
                markers::COM => false,
                _ => true,
            });
            jpeg.set_exif(orientation_only);
            jpeg.encoder()
                .write_to(&mut out)
                .map_err(|e| e.to_string())?;
        }
        Format::Png => {
            use img_parts::png::Png;
            let mut png = Png::from_bytes(data).map_err(damaged)?;
            png.chunks_mut()
                .retain(|c| !matches!(&c.kind(), b"tEXt" | b"zTXt" | b"iTXt" | b"eXIf" | b"tIME"));
            png.set_exif(orientation_only);
            png.encoder()
                .write_to(&mut out)
                .map_err(|e| e.to_string())?;
        }
        Format::WebP => {
            use img_parts::webp::WebP;
            let mut webp = WebP::from_bytes(data).map_err(damaged)?;
            webp.remove_chunks_by_id(*b"XMP ");
            webp.set_exif(orientation_only);
            webp.encoder()
                .write_to(&mut out)
                .map_err(|e| e.to_string())?;
        }
        Format::Gif | Format::Avif => out.extend_from_slice(bytes),
    }
    Ok(out)
}

/// A little-endian TIFF block holding one tag, Orientation (0x0112).
fn orientation_exif(orientation: u8) -> Vec<u8> {
    let mut t = Vec::with_capacity(26);
    t.extend_from_slice(b"II*\0");
    t.extend_from_slice(&8u32.to_le_bytes()); // first IFD right after the header
    t.extend_from_slice(&1u16.to_le_bytes()); // one entry
    t.extend_from_slice(&0x0112u16.to_le_bytes());
    t.extend_from_slice(&3u16.to_le_bytes()); // SHORT
    t.extend_from_slice(&1u32.to_le_bytes());
    t.extend_from_slice(&[orientation, 0, 0, 0]);
    t.extend_from_slice(&0u32.to_le_bytes()); // no next IFD
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
        });
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80)
            .encode_image(&img)
            .unwrap();
        out
    }

    #[test]
    fn headers_say_what_is_wrong() {
        assert_eq!(
            header(&jpeg(40, 30), 1_000_000).unwrap(),
            (Format::Jpeg, 40, 30, 1)
        );
        let e = |b: &[u8]| header(b, 1_000).unwrap_err();
        assert!(
            e(&jpeg(40, 30)).contains("40 × 30 pixels"),
            "{}",
            e(&jpeg(40, 30))
        );
        assert_eq!(
            e(b"<html>not a photo</html>"),
            "is not an image: it holds text"
        );
        assert!(e(b"\0\0\0\x18ftypheic\0\0\0\0").contains("HEIC"));
        assert!(
            e(b"BM\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\xff\xfe")
                .contains("BMP image")
        );
        assert!(e(&[0xFF, 0xD8, 0xFF]).starts_with("is damaged"));
    }

    #[test]
    fn orientation_exif_is_read_back() {
        use img_parts::{jpeg::Jpeg, Bytes, ImageEXIF};
        let mut j = Jpeg::from_bytes(Bytes::from(jpeg(40, 30))).unwrap();
        j.set_exif(Some(Bytes::from(orientation_exif(6))));
        let mut bytes = Vec::new();
        j.encoder().write_to(&mut bytes).unwrap();
        // Rotated a quarter turn: shown 30 wide, 40 high.
        assert_eq!(
            header(&bytes, 1_000_000).unwrap(),
            (Format::Jpeg, 30, 40, 6)
        );
        let stripped = strip_metadata(&bytes, Format::Jpeg, 6).unwrap();
        assert_eq!(
            header(&stripped, 1_000_000).unwrap(),
            (Format::Jpeg, 30, 40, 6)
        );
    }
}
