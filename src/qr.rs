//! QR codes for printed pages: a patient handed a printout can scan it to
//! get back to the page. Drawn at build time as inline SVG, so printing
//! needs no network and no script.

use qrcode::{Color, EcLevel, QrCode};
use std::fmt::Write;

/// Modules of white border the QR specification asks for around a code.
const QUIET: usize = 4;

/// An SVG QR code for `url`, or `None` for data too long to encode.
/// Each row's dark runs become one `h` segment of a single path, which
/// keeps the markup to a few kilobytes.
pub fn svg(url: &str, label: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).ok()?;
    let width = code.width();
    let colors = code.to_colors();
    let size = width + 2 * QUIET;
    let mut path = String::with_capacity(width * width / 2);
    for (y, row) in colors.chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            if row[x] == Color::Dark {
                let start = x;
                while x < width && row[x] == Color::Dark {
                    x += 1;
                }
                let _ = write!(
                    path,
                    "M{} {}h{}v1h-{}z",
                    start + QUIET,
                    y + QUIET,
                    x - start,
                    x - start
                );
            } else {
                x += 1;
            }
        }
    }
    Some(format!(
        "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" width=\"112\" height=\"112\" role=\"img\" aria-label=\"{}\" shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>",
        crate::text::escape_html(label)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads the path back into a grid and compares it with the code's own
    /// modules, so the drawing is the code and not just some squares.
    #[test]
    fn the_path_draws_exactly_the_dark_modules() {
        let url = "https://example.org/training/why-back-pain-slows-training/";
        let svg = svg(url, "QR code").unwrap();
        let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).unwrap();
        let w = code.width();
        let mut grid = vec![false; w * w];
        let d = svg
            .split(" d=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        for seg in d.split('M').filter(|s| !s.is_empty()) {
            let (x, rest) = seg.split_once(' ').unwrap();
            let (y, rest) = rest.split_once('h').unwrap();
            let run: usize = rest.split('v').next().unwrap().parse().unwrap();
            let (x, y): (usize, usize) = (x.parse().unwrap(), y.parse().unwrap());
            for i in 0..run {
                grid[(y - QUIET) * w + x - QUIET + i] = true;
            }
        }
        let expected: Vec<bool> = code.to_colors().iter().map(|c| *c == Color::Dark).collect();
        assert_eq!(grid, expected);
        assert!(svg.len() < 6000, "{} bytes", svg.len());
    }

    #[test]
    fn labels_are_escaped() {
        assert!(svg("https://x.org/", "a \"b\" <c>")
            .unwrap()
            .contains("a &quot;b&quot; &lt;c&gt;"));
    }
}
