//! QR codes for printed pages: a patient handed a printout can scan it to
//! get back to the page. Drawn at build time as inline SVG, so printing
//! needs no network and no script.
//!
//! `qrcodegen` encodes the data (segments, error correction, placement).
//! The QR specification then asks for the mask, of eight, whose symbol
//! scores the lowest penalty; qrcodegen scores them one module at a time,
//! which took 0.22–0.26 ms a code, and every printed page has one. Here each
//! row and column is one `u128`, so a rule is a few shifts and a popcount:
//! qrcodegen draws the code once with mask 0, the other seven are derived
//! from it, scored the same way qrcodegen scores them, and the best is
//! drawn. A test holds the result to qrcodegen's own choice, module for
//! module, over thousands of addresses.

use qrcodegen::{Mask, QrCode, QrCodeEcc, QrSegment, Version};

/// Modules of white border the QR specification asks for around a code.
const QUIET: usize = 4;

/// A code's modules: as rows of bits (`rows[y] >> x & 1` is dark) when
/// it was chosen here, else as qrcodegen drew it.
enum Code {
    Rows(Vec<u128>),
    Drawn(QrCode),
}

impl Code {
    fn size(&self) -> usize {
        match self {
            Code::Rows(rows) => rows.len(),
            Code::Drawn(code) => code.size() as usize,
        }
    }

    #[cfg(test)]
    fn dark(&self, x: usize, y: usize) -> bool {
        match self {
            Code::Rows(rows) => rows[y] >> x & 1 == 1,
            Code::Drawn(code) => code.get_module(x as i32, y as i32),
        }
    }

    /// Row `y`'s dark runs, left to right, as (start, length).
    fn runs(&self, y: usize, mut run: impl FnMut(usize, usize)) {
        match self {
            Code::Rows(rows) => {
                let mut rest = rows[y];
                while rest != 0 {
                    let start = rest.trailing_zeros() as usize;
                    let len = (!(rest >> start)).trailing_zeros() as usize;
                    run(start, len);
                    rest &= !(ones(len) << start);
                }
            }
            Code::Drawn(code) => {
                let size = code.size();
                let dark = |x: i32| code.get_module(x, y as i32);
                let mut x = 0;
                while x < size {
                    if !dark(x) {
                        x += 1;
                        continue;
                    }
                    let start = x;
                    while x < size && dark(x) {
                        x += 1;
                    }
                    run(start as usize, (x - start) as usize);
                }
            }
        }
    }
}

/// An SVG QR code for `url`, or `None` for data too long to encode.
pub fn svg(url: &str, label: &str) -> Option<String> {
    let code = encode(url)?;
    let width = code.size();
    let size = width + 2 * QUIET;
    // One stroked path: each row starts with an absolute move to its middle
    // line, each dark run is `h<length>`, and the gap to the next run a
    // relative move. About half the bytes of a filled rectangle per run.
    let mut path = String::with_capacity(width * width / 3);
    for y in 0..width {
        let mut pen: Option<usize> = None;
        code.runs(y, |start, len| {
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
            push_number(&mut path, len);
            pen = Some(start + len);
        });
    }
    Some(format!(
        "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" width=\"112\" height=\"112\" role=\"img\" aria-label=\"{}\" shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path stroke=\"#000\" d=\"{path}\"/></svg>",
        crate::text::escape_html(label)
    ))
}

/// The low `n` bits set.
fn ones(n: usize) -> u128 {
    if n >= 128 {
        u128::MAX
    } else {
        (1u128 << n) - 1
    }
}

fn draw(segs: &[QrSegment], mask: Option<Mask>) -> Option<QrCode> {
    QrCode::encode_segments_advanced(
        segs,
        QrCodeEcc::Medium,
        Version::MIN,
        Version::MAX,
        mask,
        true,
    )
    .ok()
}

/// What qrcodegen's automatic mask would draw for `url` (medium error
/// correction, raised while the data still fits the same size).
fn encode(url: &str) -> Option<Code> {
    let segs = QrSegment::make_segments(url);
    let first = draw(&segs, Some(Mask::new(0)))?;
    let size = first.size() as usize;
    if 2 * pad(size) + size > 128 {
        // Longer than any page address in practice (over ~200 bytes): the
        // padded rows would not fit a u128, so qrcodegen chooses itself.
        return draw(&segs, None).map(Code::Drawn);
    }
    let version = first.version().value();
    let ecl = first.error_correction_level();
    let data = data_modules(version, size);
    let rows = read_rows(&first);
    let cols = transpose(&rows, size);
    // Undo mask 0 on the data modules and clear the format bits (both
    // copies): what is left is the same under every mask.
    let (format_rows, format_cols) = format_modules(size, ecl, 0);
    let mut base_rows = rows;
    let mut base_cols = cols;
    for i in 0..size {
        base_rows[i] ^= (mask_row(0, i) & data[i]) | format_rows[i];
        base_cols[i] ^= (mask_col(0, i) & data[i]) | format_cols[i];
    }
    let mut best: Option<(u32, Vec<u128>)> = None;
    for k in 0..8u8 {
        let (format_rows, format_cols) = format_modules(size, ecl, k);
        let rows: Vec<u128> = (0..size)
            .map(|y| base_rows[y] ^ (mask_row(k, y) & data[y]) ^ format_rows[y])
            .collect();
        let cols: Vec<u128> = (0..size)
            .map(|x| base_cols[x] ^ (mask_col(k, x) & data[x]) ^ format_cols[x])
            .collect();
        let score = penalty(&rows, &cols, size);
        // The first of equal scores, as qrcodegen takes it.
        if best.as_ref().is_none_or(|(s, _)| score < *s) {
            best = Some((score, rows));
        }
    }
    best.map(|(_, rows)| Code::Rows(rows))
}

fn read_rows(code: &QrCode) -> Vec<u128> {
    let size = code.size();
    (0..size)
        .map(|y| {
            (0..size).fold(0u128, |row, x| {
                row | (u128::from(code.get_module(x, y)) << x)
            })
        })
        .collect()
}

fn transpose(rows: &[u128], size: usize) -> Vec<u128> {
    let mut cols = vec![0u128; size];
    for (y, &row) in rows.iter().enumerate() {
        let mut rest = row;
        while rest != 0 {
            let x = rest.trailing_zeros() as usize;
            cols[x] |= 1 << y;
            rest &= rest - 1;
        }
    }
    cols
}

/// The eight mask patterns of the QR specification (module (x, y) is
/// inverted where the formula is true), as qrcodegen writes them.
fn masked(k: u8, x: usize, y: usize) -> bool {
    match k {
        0 => (x + y) % 2 == 0,
        1 => y % 2 == 0,
        2 => x % 3 == 0,
        3 => (x + y) % 3 == 0,
        4 => (x / 3 + y / 2) % 2 == 0,
        5 => x * y % 2 + x * y % 3 == 0,
        6 => (x * y % 2 + x * y % 3) % 2 == 0,
        _ => ((x + y) % 2 + x * y % 3) % 2 == 0,
    }
}

/// Every pattern repeats after 12 rows and 12 columns (2, 3, 4 and 6
/// divide 12), so twelve rows of 128 modules per mask cover every code
/// that fits a `u128`.
struct MaskTable {
    rows: [[u128; 12]; 8],
    cols: [[u128; 12]; 8],
}

fn table() -> &'static MaskTable {
    static TABLE: std::sync::OnceLock<MaskTable> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = MaskTable {
            rows: [[0; 12]; 8],
            cols: [[0; 12]; 8],
        };
        for k in 0..8u8 {
            for i in 0..12 {
                for j in 0..128 {
                    t.rows[k as usize][i] |= u128::from(masked(k, j, i)) << j;
                    t.cols[k as usize][i] |= u128::from(masked(k, i, j)) << j;
                }
            }
        }
        t
    })
}

fn mask_row(k: u8, y: usize) -> u128 {
    table().rows[k as usize][y % 12]
}

fn mask_col(k: u8, x: usize) -> u128 {
    table().cols[k as usize][x % 12]
}

/// The modules that carry data (the masks apply to them only): all but the
/// finder, timing and alignment patterns and the format and version areas.
/// The map is symmetric about the diagonal, so row `i` is also column `i`.
fn data_modules(version: u8, size: usize) -> Vec<u128> {
    let mut function = vec![0u128; size];
    let mut mark = |x: usize, y: usize| function[y] |= 1 << x;
    for i in 0..size {
        mark(6, i);
        mark(i, 6);
    }
    // Finder patterns with their separators: 8×8 in three corners.
    for (cx, cy) in [(0, 0), (size - 8, 0), (0, size - 8)] {
        for y in cy..cy + 8 {
            for x in cx..cx + 8 {
                mark(x, y);
            }
        }
    }
    let align = alignment_positions(version, size);
    let last = align.len().saturating_sub(1);
    for (i, &ax) in align.iter().enumerate() {
        for (j, &ay) in align.iter().enumerate() {
            // Not over the three finder patterns' corners.
            let corner = [(0, 0), (0, last), (last, 0)];
            if corner.contains(&(i, j)) {
                continue;
            }
            for y in ay - 2..=ay + 2 {
                for x in ax - 2..=ax + 2 {
                    mark(x, y);
                }
            }
        }
    }
    // Format areas: beside the top-left finder, below the top-right one
    // and right of the bottom-left one (with the always-dark module).
    for i in 0..9 {
        mark(8, i);
        mark(i, 8);
    }
    for i in 0..8 {
        mark(size - 1 - i, 8);
        mark(8, size - 1 - i);
    }
    if version >= 7 {
        for i in 0..18 {
            let (a, b) = (size - 11 + i % 3, i / 3);
            mark(a, b);
            mark(b, a);
        }
    }
    let all = ones(size);
    function.iter().map(|f| !f & all).collect()
}

/// Centres of the alignment patterns on each axis, as qrcodegen places them.
fn alignment_positions(version: u8, size: usize) -> Vec<usize> {
    if version == 1 {
        return Vec::new();
    }
    let v = usize::from(version);
    let count = v / 7 + 2;
    let step = if v == 32 {
        26
    } else {
        (v * 4 + count * 2 + 1) / (count * 2 - 2) * 2
    };
    let mut at: Vec<usize> = (0..count - 1).map(|i| size - 7 - i * step).collect();
    at.push(6);
    at.reverse();
    at
}

/// The format modules of both copies for error correction `ecl` and mask
/// `k`, as rows and as columns: only the dark ones are set.
fn format_modules(size: usize, ecl: QrCodeEcc, k: u8) -> (Vec<u128>, Vec<u128>) {
    let level: u32 = match ecl {
        QrCodeEcc::Low => 1,
        QrCodeEcc::Medium => 0,
        QrCodeEcc::Quartile => 3,
        QrCodeEcc::High => 2,
    };
    let data = level << 3 | u32::from(k);
    let mut rem = data;
    for _ in 0..10 {
        rem = (rem << 1) ^ ((rem >> 9) * 0x537);
    }
    let bits = (data << 10 | rem) ^ 0x5412;
    let bit = |i: usize| bits >> i & 1 == 1;
    let mut rows = vec![0u128; size];
    let mut cols = vec![0u128; size];
    let mut set = |x: usize, y: usize, dark: bool| {
        if dark {
            rows[y] |= 1 << x;
            cols[x] |= 1 << y;
        }
    };
    for i in 0..6 {
        set(8, i, bit(i));
    }
    set(8, 7, bit(6));
    set(8, 8, bit(7));
    set(7, 8, bit(8));
    for i in 9..15 {
        set(14 - i, 8, bit(i));
    }
    for i in 0..8 {
        set(size - 1 - i, 8, bit(i));
    }
    for i in 8..15 {
        set(8, size - 15 + i, bit(i));
    }
    set(8, size - 8, true);
    (rows, cols)
}

/// The light border that finder-like patterns are checked against: at
/// most `4n` modules, where a pattern `n` wide spans `7n` of the symbol.
fn pad(size: usize) -> usize {
    4 * (size / 7)
}

/// The specification's penalty, computed as qrcodegen computes it:
/// N1 runs of five or more, N2 2×2 blocks, N3 finder-like 1:1:3:1:1
/// patterns with four light on a side (light beyond the edge), N4 balance.
fn penalty(rows: &[u128], cols: &[u128], size: usize) -> u32 {
    let mut score = 0;
    for lines in [rows, cols] {
        for &line in lines {
            score += runs(line, size) + 40 * finder_like(line, size);
        }
    }
    let inner = ones(size - 1);
    for pair in rows.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let same_down = !(a ^ b);
        let same_right = !(a ^ (a >> 1));
        score += 3 * (same_down & (same_down >> 1) & same_right & inner).count_ones();
    }
    let dark: i64 = rows.iter().map(|r| i64::from(r.count_ones())).sum();
    let total = (size * size) as i64;
    let k = ((dark * 20 - total * 10).abs() + total - 1) / total - 1;
    score + 10 * k as u32
}

/// N1: a run of `L ≥ 5` same-coloured modules costs `L - 2`. A run of L is
/// L - 1 equal neighbours; each window of four equal neighbours adds one,
/// each run that has one adds two more.
fn runs(line: u128, size: usize) -> u32 {
    let same = !(line ^ (line >> 1)) & ones(size - 1);
    let four = same & (same >> 1) & (same >> 2) & (same >> 3);
    four.count_ones() + 2 * (four & !(four << 1)).count_ones()
}

/// N3: how many dark-light-dark-light-dark runs of `n, n, 3n, n, n` have
/// `4n` light modules before and `n` after, plus those with `n` before and
/// `4n` after. The line sits `pad` bits up, so the border reads as light.
fn finder_like(line: u128, size: usize) -> u32 {
    let dark = line << pad(size);
    let light = !dark;
    let mut count = 0;
    for n in 1..=size / 7 {
        // The middle run of 3n dark: most lines have none of six or more.
        let dark3n = window(dark, 3 * n);
        if dark3n == 0 {
            break;
        }
        let (dark_n, light_n) = (window(dark, n), window(light, n));
        let core = dark_n
            & (light_n >> n)
            & (dark3n >> (2 * n))
            & (light_n >> (5 * n))
            & (dark_n >> (6 * n));
        if core == 0 {
            continue;
        }
        let light4n = window(light, 4 * n);
        count += (core & (light4n << (4 * n)) & (light_n >> (7 * n))).count_ones();
        count += (core & (light_n << n) & (light4n >> (7 * n))).count_ones();
    }
    count
}

/// Bit x set where `bits` holds at every one of x .. x+len (len ≥ 1), in
/// doubling steps: two windows of half the length or more cover it.
fn window(bits: u128, len: usize) -> u128 {
    let mut w = bits;
    let mut have = 1;
    while 2 * have <= len {
        w &= w >> have;
        have *= 2;
    }
    if have < len {
        w &= w >> (len - have);
    }
    w
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

    /// qrcodegen choosing the mask itself: the reference.
    fn reference(url: &str) -> QrCode {
        draw(&QrSegment::make_segments(url), None).unwrap()
    }

    fn grid_of(code: &QrCode) -> Vec<bool> {
        let s = code.size();
        (0..s * s).map(|i| code.get_module(i % s, i / s)).collect()
    }

    fn grid(code: &Code) -> Vec<bool> {
        let s = code.size();
        (0..s * s).map(|i| code.dark(i % s, i / s)).collect()
    }

    /// Repeatable pseudo-random numbers for test inputs.
    fn xorshift(mut seed: u64) -> impl FnMut() -> u64 {
        move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        }
    }

    /// Addresses like a site's: every length from 1 to 260 characters
    /// (versions 1 to 12, the padded fast path and the fallback), lower and
    /// upper case, digits only (each a different encoding mode), and
    /// pseudo-random paths, so every mask wins somewhere.
    fn addresses() -> Vec<String> {
        let mut next = xorshift(0x2545_f491_4f6c_dd1du64);
        let alphabet = b"abcdefghijklmnopqrstuvwxyz0123456789-/";
        let mut out = Vec::new();
        for len in 1..=260 {
            for _ in 0..12 {
                let tail: String = (0..len)
                    .map(|_| char::from(alphabet[(next() % alphabet.len() as u64) as usize]))
                    .collect();
                out.push(format!("https://clinic.example/{tail}/"));
            }
            out.push("7".repeat(len));
            out.push(format!("HTTPS://CLINIC.EXAMPLE/{}", "A1".repeat(len / 2)));
        }
        out
    }

    /// The whole point: the same symbol, module for module, as qrcodegen's
    /// own choice of mask, only found faster.
    #[test]
    fn codes_are_qrcodegens_own_choice() {
        let mut masks = [0usize; 8];
        let mut sizes = std::collections::BTreeSet::new();
        for url in addresses() {
            let ours = encode(&url).unwrap();
            let theirs = reference(&url);
            assert_eq!(ours.size() as i32, theirs.size(), "{url}");
            assert!(
                grid(&ours) == grid_of(&theirs),
                "{url}: qrcodegen chose mask {}",
                theirs.mask().value()
            );
            masks[usize::from(theirs.mask().value())] += 1;
            sizes.insert(theirs.version().value());
        }
        assert!(masks.iter().all(|&m| m > 0), "every mask chosen: {masks:?}");
        assert!(sizes.contains(&1) && sizes.contains(&7) && sizes.contains(&12));
    }

    /// The derived masks are right on their own, not only where they win:
    /// each of the eight equals qrcodegen drawing that mask.
    #[test]
    fn every_mask_derived_from_mask_zero_is_qrcodegens() {
        for url in [
            "https://a.example/",
            &format!("https://b.example/{}", "x".repeat(150)),
        ] {
            let segs = QrSegment::make_segments(url);
            let fixed = |k: u8| draw(&segs, Some(Mask::new(k))).unwrap();
            let first = fixed(0);
            let size = first.size() as usize;
            let version = first.version().value();
            let ecl = first.error_correction_level();
            let data = data_modules(version, size);
            let (f0, _) = format_modules(size, ecl, 0);
            for k in 0..8 {
                let (fk, fk_cols) = format_modules(size, ecl, k);
                let rows: Vec<u128> = read_rows(&first)
                    .iter()
                    .enumerate()
                    .map(|(y, r)| {
                        r ^ (mask_row(0, y) & data[y]) ^ f0[y] ^ (mask_row(k, y) & data[y]) ^ fk[y]
                    })
                    .collect();
                let theirs = read_rows(&fixed(k));
                let differ: Vec<usize> = (0..size).filter(|&y| rows[y] != theirs[y]).collect();
                assert!(differ.is_empty(), "{url} mask {k}: rows {differ:?} differ");
                assert_eq!(transpose(&fk, size), fk_cols);
            }
        }
    }

    /// Rule by rule against a module-by-module reading of the
    /// specification, on lines built to trip each rule.
    #[test]
    fn line_rules_match_the_plain_reading() {
        fn plain_runs(bits: &[bool]) -> u32 {
            let mut score = 0;
            let mut i = 0;
            while i < bits.len() {
                let mut j = i;
                while j < bits.len() && bits[j] == bits[i] {
                    j += 1;
                }
                if j - i >= 5 {
                    score += (j - i - 2) as u32;
                }
                i = j;
            }
            score
        }
        let cases = [
            "1011101",
            "00001011101",
            "10111010000",
            "0000101110100000",
            "11001111110011000000",
            "110011111100110000000000",
            "0000000111110000011",
            "1111111000001011101000010111010",
        ];
        for case in cases {
            let bits: Vec<bool> = case.bytes().map(|b| b == b'1').collect();
            let size = bits.len();
            let line = bits
                .iter()
                .enumerate()
                .fold(0u128, |l, (x, &b)| l | (u128::from(b) << x));
            assert_eq!(runs(line, size), plain_runs(&bits), "{case}");
        }
        let bits = |s: &str| {
            s.bytes()
                .enumerate()
                .fold(0u128, |l, (x, b)| l | (u128::from(b == b'1') << x))
        };
        // Light beyond both edges: counted once on each side.
        assert_eq!(finder_like(bits("1011101"), 7), 2);
        assert_eq!(finder_like(bits("00001011101"), 11), 2);
        // Dark soon after, light before: one.
        assert_eq!(finder_like(bits("0000101110101"), 13), 1);
        // Dark close on both sides: none.
        assert_eq!(finder_like(bits("110111011"), 9), 0);
        // Twice as wide.
        assert_eq!(finder_like(bits("11001111110011"), 14), 2);
        // Ratios off: none.
        assert_eq!(finder_like(bits("10111101"), 8), 0);
    }

    /// The finder rule as the specification's run lengths read it (the
    /// run-history way qrcodegen counts), against the bit version on
    /// random lines of every width the fast path takes.
    #[test]
    fn finder_rule_matches_run_lengths_on_random_lines() {
        /// The count, and how many of those are two or more modules a unit.
        fn plain(bits: &[bool]) -> (u32, u32) {
            // Runs, light first, with the border as endless light.
            let mut runs = vec![(false, usize::MAX / 8)];
            for &b in bits {
                match runs.last_mut() {
                    Some((c, n)) if *c == b => *n += 1,
                    _ => runs.push((b, 1)),
                }
            }
            if runs.last().unwrap().0 {
                runs.push((false, 0));
            }
            runs.last_mut().unwrap().1 = usize::MAX / 8;
            let (mut count, mut wide) = (0, 0);
            for w in runs.windows(7) {
                let [before, a, b, c, d, e, after] = [0, 1, 2, 3, 4, 5, 6].map(|i| w[i].1);
                let n = a;
                if w[0].0 || !w[1].0 || b != n || c != 3 * n || d != n || e != n {
                    continue;
                }
                let here = u32::from(before >= 4 * n && after >= n)
                    + u32::from(after >= 4 * n && before >= n);
                count += here;
                if n >= 2 {
                    wide += here;
                }
            }
            (count, wide)
        }
        let mut next = xorshift(0x9e37_79b9_7f4a_7c15u64);
        let (mut found, mut wide) = (0, 0);
        for _ in 0..20_000 {
            let size = 7 + (next() % 53) as usize;
            // Runs of random lengths, so wide patterns turn up too.
            let mut bits = Vec::new();
            let mut dark = next() % 2 == 0;
            while bits.len() < size {
                if dark && next() % 4 == 0 {
                    // A finder-like core, one to three modules a unit.
                    let n = 1 + (next() % 3) as usize;
                    for (d, k) in [(true, 1), (false, 1), (true, 3), (false, 1), (true, 1)] {
                        bits.extend(std::iter::repeat_n(d, k * n));
                    }
                } else {
                    let len = 1 + (next() % 4) as usize * (1 + (next() % 3) as usize);
                    bits.extend(std::iter::repeat_n(dark, len));
                }
                dark = !dark;
            }
            bits.truncate(size);
            let line = bits
                .iter()
                .enumerate()
                .fold(0u128, |l, (x, &b)| l | (u128::from(b) << x));
            let (expected, of_them_wide) = plain(&bits);
            found += expected;
            wide += of_them_wide;
            assert_eq!(finder_like(line, size), expected, "{bits:?}");
        }
        assert!(found > 2000, "the lines hold patterns: {found}");
        assert!(wide > 200, "and wide ones: {wide}");
    }

    /// Reads the path back into a grid and compares it with the code's own
    /// modules, so the drawing is the code and not just some squares.
    #[test]
    fn the_path_draws_exactly_the_dark_modules() {
        for url in [
            "https://example.org/training/why-back-pain-slows-training/".to_string(),
            format!("https://example.org/{}", "long-address/".repeat(19)),
        ] {
            let svg = svg(&url, "QR code").unwrap();
            let code = reference(&url);
            let w = code.size() as usize;
            let mut grid = vec![false; w * w];
            let d = svg
                .split(" d=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            // Replays the path: `M x y.5` moves to a row, `m dx 0` skips a
            // gap, `h n` draws n dark modules.
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
            assert_eq!(grid, grid_of(&code), "{url}");
        }
        let short = svg("https://example.org/training/why-back-pain/", "QR code").unwrap();
        assert!(short.len() < 3000, "{} bytes", short.len());
    }

    #[test]
    fn too_long_is_none_not_a_panic() {
        assert!(svg(&"x".repeat(3000), "QR").is_none());
        // Wider than 128 modules: qrcodegen's own choice, still a code.
        let long = format!("https://example.org/{}", "x".repeat(600));
        assert_eq!(grid(&encode(&long).unwrap()), grid_of(&reference(&long)));
    }

    #[test]
    fn labels_are_escaped() {
        assert!(svg("https://x.org/", "a \"b\" <c>")
            .unwrap()
            .contains("a &quot;b&quot; &lt;c&gt;"));
    }
}
