//! Reading a PDF from Chromium back, just enough for a test: its pages, and the text on each
//! (content streams inflated, glyph codes mapped through each font's ToUnicode CMap).

use std::collections::HashMap;

/// `(object number, dictionary, stream bytes inflated if compressed)` for every object.
fn objects(pdf: &[u8]) -> HashMap<u32, (String, Vec<u8>)> {
    let mut out = HashMap::new();
    let mut at = 0;
    while let Some(marker) = find(pdf, b" 0 obj", at) {
        let mut start = marker;
        while start > 0 && pdf[start - 1].is_ascii_digit() {
            start -= 1;
        }
        let number: u32 = std::str::from_utf8(&pdf[start..marker])
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        let body = marker + b" 0 obj".len();
        let Some(end) = find(pdf, b"endobj", body) else {
            break;
        };
        match find(&pdf[..end], b"stream", body) {
            Some(keyword) => {
                let dict = String::from_utf8_lossy(&pdf[body..keyword]).into_owned();
                let len: usize = dict
                    .split("/Length ")
                    .nth(1)
                    .and_then(|l| l.split(|c: char| !c.is_ascii_digit()).next())
                    .and_then(|l| l.parse().ok())
                    .unwrap_or(0);
                let mut data = keyword + b"stream".len();
                if pdf.get(data) == Some(&b'\r') {
                    data += 1;
                }
                if pdf.get(data) == Some(&b'\n') {
                    data += 1;
                }
                let raw = &pdf[data.min(pdf.len())..(data + len).min(pdf.len())];
                let bytes = if dict.contains("/FlateDecode") {
                    miniz_oxide::inflate::decompress_to_vec_zlib(raw).unwrap_or_default()
                } else {
                    raw.to_vec()
                };
                out.insert(number, (dict, bytes));
                // Skip the stream: its bytes could contain anything.
                at = find(pdf, b"endobj", data + len).unwrap_or(pdf.len());
            }
            None => {
                out.insert(
                    number,
                    (
                        String::from_utf8_lossy(&pdf[body..end]).into_owned(),
                        Vec::new(),
                    ),
                );
                at = end;
            }
        }
    }
    out
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn reference(dict: &str, key: &str) -> Option<u32> {
    let rest = dict.split(&format!("{key} ")).nth(1)?;
    rest.split_whitespace().next()?.parse().ok()
}

fn hex_bytes(hex: &str) -> Vec<u8> {
    let digits: Vec<u8> = hex.bytes().filter(u8::is_ascii_hexdigit).collect();
    digits
        .chunks(2)
        .map(|pair| {
            let s = std::str::from_utf8(pair).unwrap_or("0");
            u8::from_str_radix(&format!("{s:0<2}"), 16).unwrap_or(0)
        })
        .collect()
}

fn utf16(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes
        .chunks(2)
        .map(|p| u16::from_be_bytes([p[0], *p.get(1).unwrap_or(&0)]))
        .collect();
    String::from_utf16_lossy(&units)
}

/// A font's code → text map from its ToUnicode CMap, and its code width in bytes.
fn cmap(data: &[u8]) -> (HashMap<Vec<u8>, String>, usize) {
    let text = String::from_utf8_lossy(data);
    let mut map = HashMap::new();
    let width = text
        .split("begincodespacerange")
        .nth(1)
        .and_then(|r| r.split('<').nth(1))
        .map(|lo| lo.split('>').next().unwrap_or("").len() / 2)
        .unwrap_or(1)
        .max(1);
    for block in text.split("beginbfchar").skip(1) {
        let block = block.split("endbfchar").next().unwrap_or("");
        let hexes: Vec<&str> = block
            .split('<')
            .skip(1)
            .map(|h| h.split('>').next().unwrap_or(""))
            .collect();
        for pair in hexes.chunks(2) {
            if let [code, dst] = pair {
                map.insert(hex_bytes(code), utf16(&hex_bytes(dst)));
            }
        }
    }
    for block in text.split("beginbfrange").skip(1) {
        let block = block.split("endbfrange").next().unwrap_or("");
        for line in block.lines() {
            let hexes: Vec<&str> = line
                .split('<')
                .skip(1)
                .map(|h| h.split('>').next().unwrap_or(""))
                .collect();
            if let [lo, hi, dst] = hexes.as_slice() {
                let (lo, hi, dst) = (hex_bytes(lo), hex_bytes(hi), hex_bytes(dst));
                let as_int = |b: &[u8]| b.iter().fold(0u32, |a, &x| (a << 8) | x as u32);
                let (lo_i, hi_i) = (as_int(&lo), as_int(&hi));
                let base = utf16(&dst);
                for (n, code) in (lo_i..=hi_i.min(lo_i + 0xffff)).enumerate() {
                    let code_bytes = code.to_be_bytes()[4 - lo.len()..].to_vec();
                    let mut chars: Vec<char> = base.chars().collect();
                    if let Some(last) = chars.last_mut() {
                        *last = char::from_u32(*last as u32 + n as u32).unwrap_or('?');
                    }
                    map.insert(code_bytes, chars.into_iter().collect());
                }
            }
        }
    }
    (map, width)
}

/// The PDF's pages in file order, each as the text its content stream shows.
pub(crate) fn page_texts(pdf: &[u8]) -> Vec<String> {
    let objects = objects(pdf);
    let mut numbers: Vec<&u32> = objects.keys().collect();
    numbers.sort();
    let mut fonts: HashMap<u32, (HashMap<Vec<u8>, String>, usize)> = HashMap::new();
    let mut pages = Vec::new();
    for number in numbers {
        let (dict, _) = &objects[number];
        let is_page = dict.contains("/Type /Page") && !dict.contains("/Type /Pages");
        if !is_page {
            continue;
        }
        // Font resource names to their object numbers.
        let mut names: HashMap<String, u32> = HashMap::new();
        if let Some(font_dict) = dict
            .split("/Font <<")
            .nth(1)
            .and_then(|f| f.split(">>").next())
        {
            let words: Vec<&str> = font_dict.split_whitespace().collect();
            for w in words.windows(2) {
                if let (Some(name), Ok(obj)) = (w[0].strip_prefix('/'), w[1].parse::<u32>()) {
                    names.insert(name.to_string(), obj);
                }
            }
        }
        let Some(contents) = reference(dict, "/Contents") else {
            pages.push(String::new());
            continue;
        };
        let stream = String::from_utf8_lossy(
            &objects
                .get(&contents)
                .map(|o| o.1.clone())
                .unwrap_or_default(),
        )
        .into_owned();
        let mut text = String::new();
        let mut current: Option<u32> = None;
        let tokens: Vec<&str> = stream.split_whitespace().collect();
        for (i, token) in tokens.iter().enumerate() {
            if *token == "Tf" && i >= 2 {
                current = tokens[i - 2]
                    .strip_prefix('/')
                    .and_then(|n| names.get(n))
                    .copied();
            }
            if let Some(hex) = token.strip_prefix('<').and_then(|t| t.strip_suffix('>')) {
                let Some(font) = current else { continue };
                let (map, width) = fonts.entry(font).or_insert_with(|| {
                    objects
                        .get(&font)
                        .and_then(|(d, _)| reference(d, "/ToUnicode"))
                        .and_then(|u| objects.get(&u))
                        .map(|(_, data)| cmap(data))
                        .unwrap_or_default()
                });
                for code in hex_bytes(hex).chunks((*width).max(1)) {
                    if let Some(s) = map.get(code) {
                        text.push_str(s);
                    }
                }
            }
        }
        pages.push(text);
    }
    pages
}
