//! QR codes for printed pages: a patient handed a printout can scan it to
//! get back to the page. Drawn at build time as inline SVG, so printing
//! needs no network and no script.

use fast_qr::{QRBuilder, ECL};

/// Modules of white border the QR specification asks for around a code.
const QUIET: usize = 4;

/// An SVG QR code for `url`, or `None` for data too long to encode.
pub fn svg(url: &str, label: &str) -> Option<String> {
    let code = QRBuilder::new(url).ecl(ECL::M).build().ok()?;
    let width = code.size;
    let size = width + 2 * QUIET;
    // One stroked path: each row starts with an absolute move to its middle
    // line, each dark run is `h<length>`, and the gap to the next run a
    // relative move. About half the bytes of a filled rectangle per run.
    let mut path = String::with_capacity(width * width / 3);
    for y in 0..width {
        let dark = |x: usize| code.data[y * width + x].value();
        let mut pen: Option<usize> = None;
        let mut x = 0;
        while x < width {
            if !dark(x) {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && dark(x) {
                x += 1;
            }
            match pen {
                None => {
                    path.push('M');
                    push_number(&mut path, start + QUIET);
                    path.push(' ');
                    push_number(&mut path, y + QUIET);
                    path.push_str(".5");
                }
                Some(end) => {
                    path.push('m');
                    push_number(&mut path, start - end);
                    path.push_str(" 0");
                }
            }
            path.push('h');
            push_number(&mut path, x - start);
            pen = Some(x);
        }
    }
    Some(format!(
        "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" width=\"112\" height=\"112\" role=\"img\" aria-label=\"{}\" shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path stroke=\"#000\" d=\"{path}\"/></svg>",
        crate::text::escape_html(label)
    ))
}

/// `n` in decimal: every printed page draws a few hundred of these, and
/// `write!` showed in profiles of the whole build.
fn push_number(out: &mut String, n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[at..].iter().map(|&d| char::from(d)));
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
        let code = QRBuilder::new(url).ecl(ECL::M).build().unwrap();
        let w = code.size;
        let mut grid = vec![false; w * w];
        let d = svg
            .split(" d=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        // Replays the path: `M x y.5` moves to a row, `m dx 0` skips a gap,
        // `h n` draws n dark modules.
        let (mut x, mut y) = (0usize, 0usize);
        let mut rest = d;
        while !rest.is_empty() {
            let op = rest.as_bytes()[0];
            let end = rest[1..]
                .find(['M', 'm', 'h'])
                .map_or(rest.len(), |i| i + 1);
            let arg = &rest[1..end];
            match op {
                b'M' => {
                    let (a, b) = arg.split_once(' ').unwrap();
                    x = a.parse().unwrap();
                    y = b.strip_suffix(".5").unwrap().parse().unwrap();
                }
                b'm' => x += arg.strip_suffix(" 0").unwrap().parse::<usize>().unwrap(),
                b'h' => {
                    let run: usize = arg.parse().unwrap();
                    for i in 0..run {
                        grid[(y - QUIET) * w + x - QUIET + i] = true;
                    }
                    x += run;
                }
                _ => panic!("unexpected {op}"),
            }
            rest = &rest[end..];
        }
        let expected: Vec<bool> = (0..w * w).map(|i| code.data[i].value()).collect();
        assert_eq!(grid, expected);
        assert!(svg.len() < 3000, "{} bytes", svg.len());
    }

    #[test]
    fn labels_are_escaped() {
        assert!(svg("https://x.org/", "a \"b\" <c>")
            .unwrap()
            .contains("a &quot;b&quot; &lt;c&gt;"));
    }
}
