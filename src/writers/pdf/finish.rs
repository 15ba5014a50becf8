//! Post-processing of genpdf's output with lopdf, fixing what genpdf cannot do:
//! fonts subset to the glyphs used and every stream compressed (genpdf embeds whole fonts
//! uncompressed), fills drawn beneath the text, clickable links, an outline of the headings,
//! document information correctly encoded, and no clock time or random IDs (the same input
//! gives the same bytes). It also makes the file accessible and archival: marked content
//! around everything genpdf drew, the structure tree built from the layout's (tagged PDF,
//! PDF/UA-1), XMP metadata and an sRGB output intent (PDF/A-2a).

use super::draw::Marks;
use super::layout::{Item, Layout, Page, Role, Target, PAGE_HEIGHT};
use crate::document::Metadata;
use crate::figures::Shape;
use lopdf::content::{Content, Operation};
use lopdf::{dictionary, Document, Object, ObjectId, Stream, StringFormat};
use std::collections::{BTreeMap, BTreeSet};

const PT_PER_MM: f64 = 72.0 / 25.4;

/// Collects genpdf's output, one chunk of pages at a time, into one document: each chunk's
/// fonts are subset and its streams compressed as it arrives, so only compressed pages
/// accumulate.
#[derive(Default)]
pub struct Assembler {
    doc: Option<Document>,
    pages: Vec<ObjectId>,
    /// Each page's marked content so far (see [`Tagged`]).
    tagged: Vec<Tagged>,
    /// The layout's pages, for the owner of every item.
    owners: Vec<Vec<Option<usize>>>,
}

/// A page's marked content: the MCID each layout item was drawn in, and the next free MCID.
#[derive(Default)]
struct Tagged {
    mcids: Vec<Option<i64>>,
    next: i64,
    /// The structure node of each MCID.
    nodes: Vec<Option<usize>>,
}

impl Assembler {
    pub fn new(layout: &Layout) -> Assembler {
        Assembler {
            owners: layout.pages.iter().map(|p| p.owners.clone()).collect(),
            ..Assembler::default()
        }
    }

    pub fn add(&mut self, raw: &[u8], marks: Vec<Marks>) -> Result<(), String> {
        let mut chunk =
            Document::load_mem(raw).map_err(|e| format!("reading genpdf output: {e}"))?;
        let pages: Vec<ObjectId> = chunk.get_pages().values().copied().collect();
        for (page_id, marks) in pages.iter().zip(marks) {
            let index = self.tagged.len();
            let owners = self.owners.get(index).map_or(&[][..], Vec::as_slice);
            let tagged = tag_content(&mut chunk, *page_id, &marks, owners)?;
            self.tagged.push(tagged);
        }
        // The number of pages before this chunk keeps subset names unique across chunks.
        subset_fonts(&mut chunk, &pages, self.pages.len())?;
        // printpdf's XMP packet carries random IDs and the clock time (the Info dictionary,
        // written in `metadata`, says the same deterministically); nor is the output PDF/X
        // (genpdf claims PDF/X-3 and embeds a 650 KB CMYK profile while drawing in RGB).
        let catalog = chunk.catalog_mut().map_err(err)?;
        catalog.remove(b"Metadata");
        catalog.remove(b"OutputIntents");
        chunk.prune_objects();
        for object in chunk.objects.values_mut() {
            if let Object::Stream(stream) = object {
                compress(stream);
            }
        }
        let Some(base) = &mut self.doc else {
            self.pages = pages;
            self.doc = Some(chunk);
            return Ok(());
        };
        chunk.renumber_objects_with(base.max_id + 1);
        let pages: Vec<ObjectId> = chunk.get_pages().values().copied().collect();
        let root = base
            .catalog()
            .and_then(|c| c.get(b"Pages"))
            .and_then(Object::as_reference)
            .map_err(err)?;
        base.max_id = base.max_id.max(chunk.max_id);
        // The chunk's own catalog and page tree become unreferenced and are pruned later.
        base.objects.extend(chunk.objects);
        for page in &pages {
            base.get_dictionary_mut(*page)
                .map_err(err)?
                .set("Parent", Object::Reference(root));
        }
        let tree = base.get_dictionary_mut(root).map_err(err)?;
        let mut kids = tree
            .get(b"Kids")
            .and_then(Object::as_array)
            .cloned()
            .unwrap_or_default();
        kids.extend(pages.iter().map(|p| Object::Reference(*p)));
        tree.set("Count", Object::Integer(kids.len() as i64));
        tree.set("Kids", Object::Array(kids));
        self.pages.extend(pages);
        Ok(())
    }

    pub fn finish(self, layout: &Layout, info: &Metadata) -> Result<Vec<u8>, String> {
        let (Some(doc), pages) = (self.doc, self.pages) else {
            return Err("no pages to write".into());
        };
        finish(doc, &pages, self.tagged, layout, info)
    }
}

fn finish(
    mut doc: Document,
    pages: &[ObjectId],
    mut tagged: Vec<Tagged>,
    layout: &Layout,
    info: &Metadata,
) -> Result<Vec<u8>, String> {
    let pages = pages.to_vec();
    let mut annotations = Vec::new();
    for (index, page_id) in pages.iter().enumerate() {
        if let (Some(page), Some(tagged)) = (layout.pages.get(index), tagged.get_mut(index)) {
            underlay(&mut doc, *page_id, page, tagged)?;
            annotations.push(annotate(&mut doc, *page_id, &page.items, layout, &pages));
        }
    }
    structure(&mut doc, &pages, &tagged, &annotations, layout)?;
    outline(&mut doc, layout, &pages)?;
    metadata(&mut doc, info)?;
    doc.prune_objects();
    for object in doc.objects.values_mut() {
        if let Object::Stream(stream) = object {
            // The XMP packet stays uncompressed: archive tools look for it in plain bytes.
            if stream.dict.get(b"Type").and_then(Object::as_name).ok() == Some(b"Metadata") {
                continue;
            }
            compress(stream);
        }
    }
    doc.renumber_objects();
    doc.version = "1.7".to_string();
    let id = fingerprint(&doc);
    doc.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(id.clone(), StringFormat::Hexadecimal),
            Object::String(id, StringFormat::Hexadecimal),
        ]),
    );
    let mut out = Vec::new();
    let options = lopdf::SaveOptions::builder()
        .use_object_streams(true)
        .use_xref_streams(true)
        // Object streams are written uncompressed unless asked; the structure tree lives
        // there, thousands of small dictionaries that deflate to a fifth.
        .compression_level(6)
        .max_objects_per_stream(500)
        .build();
    doc.save_with_options(&mut out, options)
        .map_err(|e| format!("writing the PDF: {e}"))?;
    Ok(out)
}

/// Deflates a stream not yet filtered. Level 6 is zlib's default: nearly the size of level 9
/// (lopdf's choice) at a fraction of the time.
fn compress(stream: &mut Stream) {
    if stream.dict.has(b"Filter") {
        return;
    }
    let packed = miniz_oxide::deflate::compress_to_vec_zlib(&stream.content, 6);
    if packed.len() < stream.content.len() {
        stream
            .dict
            .set("Filter", Object::Name(b"FlateDecode".to_vec()));
        stream.set_content(packed);
    }
}

fn err(e: lopdf::Error) -> String {
    e.to_string()
}

/// Resolves a possibly indirect object.
fn resolve<'a>(doc: &'a Document, object: &'a Object) -> Option<&'a Object> {
    doc.dereference(object).ok().map(|(_, o)| o)
}

/// The font resources of a page: resource name → font object id.
fn page_fonts(doc: &Document, page_id: ObjectId) -> BTreeMap<Vec<u8>, ObjectId> {
    let mut fonts = BTreeMap::new();
    let Ok(page) = doc.get_dictionary(page_id) else {
        return fonts;
    };
    let Some(Object::Dictionary(resources)) =
        page.get(b"Resources").ok().and_then(|r| resolve(doc, r))
    else {
        return fonts;
    };
    let Some(Object::Dictionary(font_dict)) =
        resources.get(b"Font").ok().and_then(|f| resolve(doc, f))
    else {
        return fonts;
    };
    for (name, value) in font_dict.iter() {
        if let Object::Reference(id) = value {
            fonts.insert(name.clone(), *id);
        }
    }
    fonts
}

/// What the content streams use: glyph IDs by font object (2-byte Identity-H codes), and font
/// resource names by page.
struct Usage {
    glyphs: BTreeMap<ObjectId, BTreeSet<u16>>,
    names: BTreeMap<ObjectId, BTreeSet<Vec<u8>>>,
}

fn usage(doc: &Document, pages: &[ObjectId]) -> Result<Usage, String> {
    let mut usage = Usage {
        glyphs: BTreeMap::new(),
        names: BTreeMap::new(),
    };
    for page_id in pages {
        let fonts = page_fonts(doc, *page_id);
        let content = Content::decode(&doc.get_page_content(*page_id)).map_err(err)?;
        let names = usage.names.entry(*page_id).or_default();
        let mut current: Option<ObjectId> = None;
        for op in &content.operations {
            match op.operator.as_str() {
                "Tf" => {
                    let name = op.operands.first().and_then(|n| n.as_name().ok());
                    if let Some(name) = name {
                        names.insert(name.to_vec());
                    }
                    current = name.and_then(|n| fonts.get(n).copied());
                }
                "Tj" | "TJ" | "'" | "\"" => {
                    let Some(font) = current else { continue };
                    let set = usage.glyphs.entry(font).or_default();
                    for operand in &op.operands {
                        collect_codes(operand, set);
                    }
                }
                _ => {}
            }
        }
    }
    Ok(usage)
}

fn collect_codes(object: &Object, set: &mut BTreeSet<u16>) {
    match object {
        Object::String(bytes, _) => {
            for pair in bytes.chunks(2) {
                if let [hi, lo] = pair {
                    set.insert(u16::from_be_bytes([*hi, *lo]));
                }
            }
        }
        Object::Array(items) => items.iter().for_each(|i| collect_codes(i, set)),
        _ => {}
    }
}

/// Replaces each embedded font by the subset of glyphs the pages use (glyph IDs unchanged),
/// with widths and the Unicode map cut to match; fonts no page uses are dropped.
fn subset_fonts(doc: &mut Document, pages: &[ObjectId], salt: usize) -> Result<(), String> {
    let usage = usage(doc, pages)?;
    // Drop font resources a page does not use, so unused fonts become unreferenced.
    for page_id in pages {
        let names = page_fonts(doc, *page_id);
        let used = usage.names.get(page_id);
        let unused: Vec<Vec<u8>> = names
            .keys()
            .filter(|n| !used.is_some_and(|u| u.contains(*n)))
            .cloned()
            .collect();
        if unused.is_empty() {
            continue;
        }
        let font_dict = font_resource_dict_mut(doc, *page_id)?;
        for name in unused {
            font_dict.remove(&name);
        }
    }
    for (font_id, mut glyphs) in usage.glyphs {
        glyphs.insert(0);
        subset_font(doc, font_id, &glyphs, salt)?;
    }
    Ok(())
}

/// The page's /Resources /Font dictionary, made direct on the page so it can be edited.
fn font_resource_dict_mut(
    doc: &mut Document,
    page_id: ObjectId,
) -> Result<&mut lopdf::Dictionary, String> {
    let resources = {
        let page = doc.get_dictionary(page_id).map_err(err)?;
        let resources = page.get(b"Resources").map_err(err)?;
        let mut resources = resolve(doc, resources).cloned().ok_or("page resources")?;
        if let Object::Dictionary(r) = &mut resources {
            if let Ok(fonts) = r.get(b"Font") {
                let fonts = resolve(doc, fonts).cloned().ok_or("font resources")?;
                r.set("Font", fonts);
            }
        }
        resources
    };
    let page = doc.get_dictionary_mut(page_id).map_err(err)?;
    page.set("Resources", resources);
    let Ok(Object::Dictionary(resources)) = page.get_mut(b"Resources") else {
        return Err("page resources".into());
    };
    match resources.get_mut(b"Font") {
        Ok(Object::Dictionary(fonts)) => Ok(fonts),
        _ => Err("font resources".into()),
    }
}

fn subset_font(
    doc: &mut Document,
    font_id: ObjectId,
    glyphs: &BTreeSet<u16>,
    salt: usize,
) -> Result<(), String> {
    let font = doc.get_dictionary(font_id).map_err(err)?.clone();
    let tag = subset_tag(glyphs, font_id, salt);
    let base = font
        .get(b"BaseFont")
        .and_then(Object::as_name)
        .map(<[u8]>::to_vec)
        .unwrap_or_default();
    let name = [tag.as_bytes(), b"+", &base].concat();
    let Ok(Object::Array(descendants)) = font.get(b"DescendantFonts") else {
        return Err("font without descendant".into());
    };
    let mut descendant = match descendants.first().and_then(|d| resolve(doc, d)) {
        Some(Object::Dictionary(d)) => d.clone(),
        _ => return Err("font without descendant dictionary".into()),
    };
    // Widths of the glyphs kept.
    let widths = parse_widths(descendant.get(b"W").ok());
    let mut w = Vec::new();
    for gid in glyphs {
        if let Some(width) = widths.get(gid) {
            w.push(Object::Integer(i64::from(*gid)));
            w.push(Object::Array(vec![Object::Integer(*width)]));
        }
    }
    descendant.set("W", Object::Array(w));
    descendant.set("BaseFont", Object::Name(name.clone()));
    descendant.set("CIDToGIDMap", Object::Name(b"Identity".to_vec()));
    let descriptor_id = descendant
        .get(b"FontDescriptor")
        .and_then(Object::as_reference)
        .map_err(err)?;
    let file_id = {
        let descriptor = doc.get_dictionary_mut(descriptor_id).map_err(err)?;
        descriptor.set("FontName", Object::Name(name.clone()));
        descriptor
            .get(b"FontFile2")
            .and_then(Object::as_reference)
            .map_err(err)?
    };
    let stream = doc
        .get_object_mut(file_id)
        .and_then(Object::as_stream_mut)
        .map_err(err)?;
    let data = stream.get_plain_content().map_err(err)?;
    let gids: Vec<u16> = glyphs.iter().copied().collect();
    let subset = subsetter::subset(&data, 0, subsetter::Profile::pdf(&gids))
        .map_err(|e| format!("font subsetting: {e}"))?;
    let length = subset.len() as i64;
    *stream = Stream::new(dictionary! { "Length1" => length }, subset);
    // Unicode map of the glyphs kept, so text can be searched and copied.
    if let Ok(to_unicode) = font.get(b"ToUnicode").and_then(Object::as_reference) {
        let cmap = doc
            .get_object(to_unicode)
            .and_then(Object::as_stream)
            .map_err(err)?;
        let map = parse_cmap(&cmap.get_plain_content().map_err(err)?);
        let kept: BTreeMap<u16, u32> = map
            .into_iter()
            .filter(|(g, _)| glyphs.contains(g))
            .collect();
        let text = write_cmap(&kept);
        let stream = doc
            .get_object_mut(to_unicode)
            .and_then(Object::as_stream_mut)
            .map_err(err)?;
        *stream = Stream::new(lopdf::Dictionary::new(), text.into_bytes());
    }
    let font = doc.get_dictionary_mut(font_id).map_err(err)?;
    font.set("BaseFont", Object::Name(name));
    font.set(
        "DescendantFonts",
        Object::Array(vec![Object::Dictionary(descendant)]),
    );
    Ok(())
}

/// Six capital letters naming a subset, derived from its content (PDF 32000 §9.6.4).
fn subset_tag(glyphs: &BTreeSet<u16>, font_id: ObjectId, salt: usize) -> String {
    let mut h = Fnv::new();
    h.write(&font_id.0.to_be_bytes());
    h.write(&salt.to_be_bytes());
    for g in glyphs {
        h.write(&g.to_be_bytes());
    }
    let mut value = h.finish();
    (0..6)
        .map(|_| {
            let c = char::from(b'A' + (value % 26) as u8);
            value /= 26;
            c
        })
        .collect()
}

/// `W` arrays: `gid [w1 w2 …]` and `first last w` forms.
fn parse_widths(w: Option<&Object>) -> BTreeMap<u16, i64> {
    let mut out = BTreeMap::new();
    let Some(Object::Array(items)) = w else {
        return out;
    };
    let num = |o: &Object| match o {
        Object::Integer(i) => Some(*i),
        Object::Real(r) => Some(*r as i64),
        _ => None,
    };
    let mut i = 0;
    while i < items.len() {
        let Some(first) = num(&items[i]) else { break };
        match items.get(i + 1) {
            Some(Object::Array(ws)) => {
                for (k, w) in ws.iter().enumerate() {
                    if let (Some(w), Ok(g)) = (num(w), u16::try_from(first + k as i64)) {
                        out.insert(g, w);
                    }
                }
                i += 2;
            }
            Some(last) => {
                let (Some(last), Some(w)) = (num(last), items.get(i + 2).and_then(num)) else {
                    break;
                };
                for g in first..=last {
                    if let Ok(g) = u16::try_from(g) {
                        out.insert(g, w);
                    }
                }
                i += 3;
            }
            None => break,
        }
    }
    out
}

/// Reads `bfchar` entries of a ToUnicode CMap (the form printpdf writes).
fn parse_cmap(data: &[u8]) -> BTreeMap<u16, u32> {
    let text = String::from_utf8_lossy(data);
    let mut map = BTreeMap::new();
    let mut in_block = false;
    for line in text.lines() {
        let line = line.trim();
        if line.ends_with("beginbfchar") {
            in_block = true;
            continue;
        }
        if line.starts_with("endbfchar") {
            in_block = false;
            continue;
        }
        if !in_block {
            continue;
        }
        let hexes: Vec<&str> = line
            .split(['<', '>'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        if let [gid, unicode] = hexes[..] {
            if let (Ok(g), Ok(u)) = (
                u16::from_str_radix(gid, 16),
                u32::from_str_radix(unicode, 16),
            ) {
                map.insert(g, u);
            }
        }
    }
    map
}

fn write_cmap(map: &BTreeMap<u16, u32>) -> String {
    let mut out = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let entries: Vec<(&u16, &u32)> = map.iter().collect();
    for chunk in entries.chunks(100) {
        out.push_str(&format!("{} beginbfchar\n", chunk.len()));
        for (gid, unicode) in chunk {
            let utf16: Vec<u16> = char::from_u32(**unicode)
                .map(|c| c.encode_utf16(&mut [0; 2]).to_vec())
                .unwrap_or_default();
            let hex: String = utf16.iter().map(|u| format!("{u:04X}")).collect();
            out.push_str(&format!("<{gid:04X}> <{hex}>\n"));
        }
        out.push_str("endbfchar\n");
    }
    out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out
}

fn colour(c: (u8, u8, u8)) -> String {
    format!(
        "{:.3} {:.3} {:.3}",
        f64::from(c.0) / 255.0,
        f64::from(c.1) / 255.0,
        f64::from(c.2) / 255.0
    )
}

/// Writes fills beneath genpdf's content and sets the width of genpdf's lines (hairlines
/// rather than printpdf's 1 pt default).
/// Fills are artifacts; a figure's shapes are marked content of its Figure element.
fn underlay(
    doc: &mut Document,
    page_id: ObjectId,
    page: &Page,
    tagged: &mut Tagged,
) -> Result<(), String> {
    let mut ops = String::from("q\n");
    // The figure whose marked content is open, if any (else an artifact is).
    let mut open: Option<Option<usize>> = None;
    for (position, item) in page.items.iter().enumerate() {
        let owner = page.owners.get(position).copied().flatten();
        if !matches!(item, Item::Rect { .. } | Item::Shape(_)) {
            continue;
        }
        if open != Some(owner) {
            if open.is_some() {
                ops.push_str("EMC\n");
            }
            match owner {
                Some(node) => {
                    ops.push_str(&format!("/Figure <</MCID {}>> BDC\n", tagged.next));
                    tagged.nodes.push(Some(node));
                    tagged.next += 1;
                }
                None => ops.push_str("/Artifact BMC\n"),
            }
            open = Some(owner);
        }
        if owner.is_some() {
            if let Some(slot) = tagged.mcids.get_mut(position) {
                *slot = Some(tagged.next - 1);
            }
        }
        match item {
            Item::Rect { x, y, w, h, fill } => ops.push_str(&format!(
                "{} rg {:.2} {:.2} {:.2} {:.2} re f\n",
                colour(*fill),
                x * PT_PER_MM,
                (PAGE_HEIGHT - y - h) * PT_PER_MM,
                w * PT_PER_MM,
                h * PT_PER_MM
            )),
            Item::Shape(shape) => shape_ops(shape, &mut ops),
            _ => {}
        }
    }
    if open.is_some() {
        ops.push_str("EMC\n");
    }
    ops.push_str("Q\n0.5 w\n");
    let id = doc.add_object(Stream::new(lopdf::Dictionary::new(), ops.into_bytes()));
    let page = doc.get_dictionary_mut(page_id).map_err(err)?;
    let mut contents = vec![Object::Reference(id)];
    match page.get(b"Contents") {
        Ok(Object::Array(existing)) => contents.extend(existing.iter().cloned()),
        Ok(other) => contents.push(other.clone()),
        Err(_) => {}
    }
    page.set("Contents", Object::Array(contents));
    Ok(())
}

/// PDF path operators for a figure's shape (text is drawn by genpdf).
fn shape_ops(shape: &Shape, ops: &mut String) {
    let p =
        |(x, y): (f64, f64)| format!("{:.2} {:.2}", x * PT_PER_MM, (PAGE_HEIGHT - y) * PT_PER_MM);
    let (path, fill, stroke, closed) = match shape {
        Shape::Rect {
            x,
            y,
            w,
            h,
            fill,
            stroke,
        } => (
            format!(
                "{:.2} {:.2} {:.2} {:.2} re\n",
                x * PT_PER_MM,
                (PAGE_HEIGHT - y - h) * PT_PER_MM,
                w * PT_PER_MM,
                h * PT_PER_MM
            ),
            *fill,
            stroke.as_ref(),
            true,
        ),
        Shape::Ellipse {
            cx,
            cy,
            rx,
            ry,
            fill,
            stroke,
        } => {
            // Four Bézier quarters.
            let k = 0.552_284_75;
            let (cx, cy, rx, ry) = (*cx, *cy, *rx, *ry);
            let path = format!(
                "{} m\n{} {} {} c\n{} {} {} c\n{} {} {} c\n{} {} {} c\n",
                p((cx + rx, cy)),
                p((cx + rx, cy + k * ry)),
                p((cx + k * rx, cy + ry)),
                p((cx, cy + ry)),
                p((cx - k * rx, cy + ry)),
                p((cx - rx, cy + k * ry)),
                p((cx - rx, cy)),
                p((cx - rx, cy - k * ry)),
                p((cx - k * rx, cy - ry)),
                p((cx, cy - ry)),
                p((cx + k * rx, cy - ry)),
                p((cx + rx, cy - k * ry)),
                p((cx + rx, cy)),
            );
            (path, *fill, stroke.as_ref(), true)
        }
        Shape::Polygon {
            points,
            fill,
            stroke,
        } => (polyline_path(points, &p), *fill, stroke.as_ref(), true),
        Shape::Polyline { points, stroke } => {
            (polyline_path(points, &p), None, Some(stroke), false)
        }
        Shape::Text { .. } => return,
    };
    ops.push_str("q\n");
    if let Some(fill) = fill {
        ops.push_str(&format!("{} rg\n", colour(fill)));
    }
    if let Some(stroke) = stroke {
        ops.push_str(&format!(
            "{} RG {:.2} w {} 0 d\n",
            colour(stroke.colour),
            stroke.width * PT_PER_MM,
            if stroke.dashed { "[3 2]" } else { "[]" }
        ));
    }
    ops.push_str(&path);
    // Closed paths are closed by the painting operator (b, s); fills close implicitly.
    ops.push_str(match (fill.is_some(), stroke.is_some(), closed) {
        (true, true, _) => "b\n",
        (true, false, _) => "f\n",
        (false, true, true) => "s\n",
        (false, true, false) => "S\n",
        (false, false, _) => "n\n",
    });
    ops.push_str("Q\n");
}

fn polyline_path(points: &[(f64, f64)], p: &dyn Fn((f64, f64)) -> String) -> String {
    let mut path = String::new();
    for (i, point) in points.iter().enumerate() {
        path.push_str(&p(*point));
        path.push_str(if i == 0 { " m\n" } else { " l\n" });
    }
    path
}

fn rect(x: f64, y: f64, w: f64, h: f64) -> Object {
    Object::Array(
        [x, PAGE_HEIGHT - y - h, x + w, PAGE_HEIGHT - y]
            .iter()
            .map(|v| Object::Real((v * PT_PER_MM) as f32))
            .collect(),
    )
}

fn destination(page: ObjectId, y: f64) -> Object {
    Object::Array(vec![
        Object::Reference(page),
        Object::Name(b"XYZ".to_vec()),
        Object::Null,
        Object::Real(((PAGE_HEIGHT - y + 6.0) * PT_PER_MM) as f32),
        Object::Null,
    ])
}

/// Link annotations: web and mail addresses open, table-of-contents entries jump.
/// Gives each annotation's object by the position of its layout item; annotations are
/// printed (PDF/A) and described (PDF/UA: where the link goes).
fn annotate(
    doc: &mut Document,
    page_id: ObjectId,
    items: &[Item],
    layout: &Layout,
    pages: &[ObjectId],
) -> Vec<(usize, ObjectId)> {
    let mut annots = Vec::new();
    for (position, item) in items.iter().enumerate() {
        let Item::Link { x, y, w, h, target } = item else {
            continue;
        };
        let mut annot = dictionary! {
            "Type" => "Annot",
            "Subtype" => "Link",
            "Rect" => rect(*x, *y, *w, *h),
            "Border" => vec![0.into(), 0.into(), 0.into()],
            "F" => 4,
        };
        match target {
            Target::Uri(uri) => {
                annot.set(
                    "A",
                    dictionary! { "S" => "URI", "URI" => Object::String(uri.as_bytes().to_vec(), StringFormat::Literal) },
                );
                annot.set("Contents", text_string(uri.trim_start_matches("mailto:")));
            }
            Target::Anchor(anchor) => {
                let Some((page, y)) = layout.anchors.get(anchor) else {
                    continue;
                };
                let Some(page_ref) = pages.get(*page) else {
                    continue;
                };
                annot.set("Dest", destination(*page_ref, *y));
                let title = layout
                    .outline
                    .iter()
                    .find(|e| e.page == *page && (e.y - y).abs() < 0.01)
                    .map_or(anchor.as_str(), |e| e.title.as_str());
                annot.set("Contents", text_string(title));
            }
        }
        annots.push((position, doc.add_object(annot)));
    }
    if annots.is_empty() {
        return annots;
    }
    if let Ok(page) = doc.get_dictionary_mut(page_id) {
        page.set(
            "Annots",
            Object::Array(
                annots
                    .iter()
                    .map(|(_, id)| Object::Reference(*id))
                    .collect(),
            ),
        );
        page.set("Tabs", Object::Name(b"S".to_vec()));
    }
    annots
}

/// A PDF text string: PDFDocEncoding-compatible ASCII as is, anything else as UTF-16BE with
/// a byte order mark, so accents and dashes show correctly in every viewer.
fn text_string(text: &str) -> Object {
    if text.is_ascii() {
        return Object::String(text.as_bytes().to_vec(), StringFormat::Literal);
    }
    let mut bytes = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// Bookmarks: one per `##` heading, with its `###` headings beneath it.
fn outline(doc: &mut Document, layout: &Layout, pages: &[ObjectId]) -> Result<(), String> {
    let root_id = doc.new_object_id();
    let entries: Vec<_> = layout
        .outline
        .iter()
        .filter_map(|e| Some((e, *pages.get(e.page)?)))
        .collect();
    let ids: Vec<ObjectId> = entries.iter().map(|_| doc.new_object_id()).collect();
    // Parent of each entry: the nearest preceding entry of a lower level, else the root.
    let mut parents = Vec::with_capacity(entries.len());
    for (i, (entry, _)) in entries.iter().enumerate() {
        let parent = (0..i).rev().find(|&j| entries[j].0.level < entry.level);
        parents.push(parent);
    }
    let children = |p: Option<usize>| -> Vec<usize> {
        (0..entries.len()).filter(|&i| parents[i] == p).collect()
    };
    for (i, (entry, page)) in entries.iter().enumerate() {
        let siblings = children(parents[i]);
        let pos = siblings.iter().position(|&s| s == i).unwrap_or(0);
        let mut dict = dictionary! {
            "Title" => text_string(&entry.title),
            "Parent" => Object::Reference(parents[i].map_or(root_id, |p| ids[p])),
            "Dest" => destination(*page, entry.y),
        };
        if pos > 0 {
            dict.set("Prev", Object::Reference(ids[siblings[pos - 1]]));
        }
        if let Some(next) = siblings.get(pos + 1) {
            dict.set("Next", Object::Reference(ids[*next]));
        }
        let kids = children(Some(i));
        if let (Some(first), Some(last)) = (kids.first(), kids.last()) {
            dict.set("First", Object::Reference(ids[*first]));
            dict.set("Last", Object::Reference(ids[*last]));
            dict.set("Count", Object::Integer(-(kids.len() as i64)));
        }
        doc.objects.insert(ids[i], Object::Dictionary(dict));
    }
    let top = children(None);
    let mut root =
        dictionary! { "Type" => "Outlines", "Count" => Object::Integer(top.len() as i64) };
    if let (Some(first), Some(last)) = (top.first(), top.last()) {
        root.set("First", Object::Reference(ids[*first]));
        root.set("Last", Object::Reference(ids[*last]));
    }
    doc.objects.insert(root_id, Object::Dictionary(root));
    let catalog = doc.catalog_mut().map_err(err)?;
    catalog.set("Outlines", Object::Reference(root_id));
    catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    Ok(())
}

fn metadata(doc: &mut Document, info: &Metadata) -> Result<(), String> {
    let date = pdf_date(info.created);
    let producer = concat!("crmspec ", env!("CARGO_PKG_VERSION"), " (genpdf, lopdf)");
    let dict = dictionary! {
        "Title" => text_string(&info.title),
        "Author" => text_string(&info.author),
        "Subject" => text_string(&info.subject),
        "Keywords" => text_string(&info.keywords),
        "Creator" => text_string("crmspec"),
        "Producer" => text_string(producer),
        "CreationDate" => Object::String(date.clone().into_bytes(), StringFormat::Literal),
        "ModDate" => Object::String(date.into_bytes(), StringFormat::Literal),
    };
    let info_id = doc.add_object(dict);
    doc.trailer.set("Info", Object::Reference(info_id));
    let xmp = xmp(info, producer);
    let metadata_id = doc.add_object(Stream::new(
        dictionary! { "Type" => "Metadata", "Subtype" => "XML" },
        xmp.into_bytes(),
    ));
    let profile = miniz_oxide::deflate::compress_to_vec_zlib(SRGB_PROFILE, 9);
    let profile_id = doc.add_object(Stream::new(
        dictionary! { "N" => 3, "Filter" => "FlateDecode" },
        profile,
    ));
    let intent = dictionary! {
        "Type" => "OutputIntent",
        "S" => "GTS_PDFA1",
        "OutputConditionIdentifier" => text_string("sRGB IEC61966-2.1"),
        "Info" => text_string("sRGB IEC61966-2.1"),
        "DestOutputProfile" => Object::Reference(profile_id),
    };
    let catalog = doc.catalog_mut().map_err(err)?;
    catalog.set("Metadata", Object::Reference(metadata_id));
    catalog.set(
        "OutputIntents",
        Object::Array(vec![Object::Dictionary(intent)]),
    );

    catalog.set("Lang", text_string(info.lang));
    catalog.set(
        "ViewerPreferences",
        dictionary! { "DisplayDocTitle" => Object::Boolean(true) },
    );
    Ok(())
}

/// The output intent's colour space: every colour crmspec draws is sRGB (ICC profile from
/// Debian's icc-profiles-free, zlib licence, `assets/icc/LICENSE-sRGB.txt`).
const SRGB_PROFILE: &[u8] = include_bytes!("../../../assets/icc/sRGB.icc");

/// The XMP packet (ISO 16684-1) saying what the Info dictionary says, with the PDF/A-2a and
/// PDF/UA-1 identification (ISO 19005-2 §6.6, ISO 14289-1 §5).
fn xmp(info: &Metadata, producer: &str) -> String {
    let date = xmp_date(info.created);
    let xml = crate::xml::escape;
    format!(
        r#"<?xpacket begin="{bom}" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
<pdf:Keywords>{keywords}</pdf:Keywords>
<pdf:Producer>{producer}</pdf:Producer>
<xmp:CreatorTool>crmspec</xmp:CreatorTool>
<xmp:CreateDate>{date}</xmp:CreateDate>
<xmp:ModifyDate>{date}</xmp:ModifyDate>
<xmp:MetadataDate>{date}</xmp:MetadataDate>
<pdfaid:part>2</pdfaid:part>
<pdfaid:conformance>A</pdfaid:conformance>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"#,
        bom = '\u{FEFF}',
        title = xml(&info.title),
        author = xml(&info.author),
        subject = xml(&info.subject),
        lang = xml(info.lang),
        keywords = xml(&info.keywords),
        producer = xml(producer),
    )
}

/// `YYYY-MM-DDTHH:mm:SSZ`, the XMP form of [`pdf_date`].
fn xmp_date(timestamp: i64) -> String {
    let date = pdf_date(timestamp);
    let d = date.trim_start_matches("D:");
    let part = |range: std::ops::Range<usize>| d.get(range).unwrap_or("00");
    format!(
        "{}-{}-{}T{}:{}:{}Z",
        part(0..4),
        part(4..6),
        part(6..8),
        part(8..10),
        part(10..12),
        part(12..14)
    )
}

/// `D:YYYYMMDDHHmmSSZ` for a Unix timestamp.
fn pdf_date(timestamp: i64) -> String {
    let days = timestamp.div_euclid(86_400);
    let seconds = timestamp.rem_euclid(86_400);
    let date = crate::model::Date::from_days_since_epoch(days);
    format!(
        "D:{:04}{:02}{:02}{:02}{:02}{:02}Z",
        date.year,
        date.month,
        date.day,
        seconds / 3600,
        seconds % 3600 / 60,
        seconds % 60
    )
}

/// A document ID computed from the document itself, so equal documents have equal IDs.
fn fingerprint(doc: &Document) -> Vec<u8> {
    let mut a = Fnv::new();
    let mut b = Fnv::with_seed(0x9E37_79B9_7F4A_7C15);
    for (id, object) in &doc.objects {
        let bytes = match object {
            Object::Stream(s) => s.content.clone(),
            other => format!("{other:?}").into_bytes(),
        };
        for h in [&mut a, &mut b] {
            h.write(&id.0.to_be_bytes());
            h.write(&bytes);
        }
    }
    [a.finish().to_be_bytes(), b.finish().to_be_bytes()].concat()
}

/// FNV-1a: tiny, stable across platforms and Rust versions.
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn with_seed(seed: u64) -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325 ^ seed)
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_pdf_dates() {
        assert_eq!(pdf_date(0), "D:19700101000000Z");
        assert_eq!(pdf_date(1_795_132_800), "D:20261120000000Z");
    }

    #[test]
    fn encodes_text_strings() {
        assert_eq!(
            text_string("CRM"),
            Object::String(b"CRM".to_vec(), StringFormat::Literal)
        );
        let Object::String(bytes, _) = text_string("é—") else {
            panic!()
        };
        assert_eq!(bytes, vec![0xFE, 0xFF, 0x00, 0xE9, 0x20, 0x14]);
    }

    #[test]
    fn reads_widths_and_cmaps() {
        let w = Object::Array(vec![
            Object::Integer(3),
            Object::Array(vec![Object::Integer(500), Object::Integer(600)]),
            Object::Integer(10),
            Object::Integer(12),
            Object::Integer(700),
        ]);
        let widths = parse_widths(Some(&w));
        assert_eq!(widths.get(&4), Some(&600));
        assert_eq!(widths.get(&11), Some(&700));
        let cmap = write_cmap(&BTreeMap::from([(5u16, 0xE9u32), (6, 0x1F600)]));
        let back = parse_cmap(cmap.as_bytes());
        assert_eq!(back.get(&5), Some(&0xE9));
        assert!(cmap.contains("<0006> <D83DDE00>"));
    }
}

/// An operation with its operands.
fn operation(operator: &str, operands: Vec<Object>) -> Operation {
    Operation::new(operator, operands)
}

/// Wraps what genpdf drew on a page in marked content (PDF 32000 §14.7): each text object in
/// the structure element of its layout item (consecutive objects of one element share one
/// sequence, with whatever lies between them), images in their Figure, and everything else —
/// rules, the running header and footer — in artifacts.
fn tag_content(
    doc: &mut Document,
    page_id: ObjectId,
    marks: &Marks,
    owners: &[Option<usize>],
) -> Result<Tagged, String> {
    let content = Content::decode(&doc.get_page_content(page_id)).map_err(err)?;
    let mut tagged = Tagged {
        mcids: vec![None; owners.len()],
        ..Tagged::default()
    };
    let owner = |item: Option<usize>| item.and_then(|i| owners.get(i).copied().flatten());
    let mut out: Vec<Operation> = Vec::with_capacity(content.operations.len() * 2);
    // Graphics operations waiting to know whether they fall inside an element's sequence.
    let mut pending: Vec<Operation> = Vec::new();
    // The open sequence: Some(Some(node)) an element's, Some(None) an artifact.
    let mut open: Option<Option<usize>> = None;
    let mut texts = marks.texts.iter();
    let mut images = marks.images.iter();
    let mut in_text = false;
    let close = |out: &mut Vec<Operation>, open: &mut Option<Option<usize>>| {
        if open.take().is_some() {
            out.push(operation("EMC", vec![]));
        }
    };
    let flush_artifact = |out: &mut Vec<Operation>, pending: &mut Vec<Operation>| {
        if !pending.is_empty() {
            out.push(operation("BMC", vec![Object::Name(b"Artifact".to_vec())]));
            out.append(pending);
            out.push(operation("EMC", vec![]));
        }
    };
    let begin = |out: &mut Vec<Operation>, node: Option<usize>, tagged: &mut Tagged| match node {
        Some(n) => {
            out.push(operation(
                "BDC",
                vec![
                    Object::Name(b"Span".to_vec()),
                    Object::Dictionary(dictionary! { "MCID" => tagged.next }),
                ],
            ));
            tagged.nodes.push(Some(n));
            tagged.next += 1;
        }
        None => out.push(operation("BMC", vec![Object::Name(b"Artifact".to_vec())])),
    };
    for op in content.operations {
        if in_text {
            in_text = op.operator != "ET";
            out.push(op);
            continue;
        }
        match op.operator.as_str() {
            "BT" => {
                let item = texts.next().copied().flatten();
                let node = owner(item);
                if node.is_some() && open == Some(node) {
                    out.append(&mut pending);
                } else {
                    if open == Some(None) {
                        out.append(&mut pending);
                    }
                    close(&mut out, &mut open);
                    flush_artifact(&mut out, &mut pending);
                    begin(&mut out, node, &mut tagged);
                    open = Some(node);
                }
                if let (Some(i), Some(_)) = (item, node) {
                    if let Some(slot) = tagged.mcids.get_mut(i) {
                        *slot = Some(tagged.next - 1);
                    }
                }
                in_text = true;
                out.push(op);
            }
            "Do" => {
                if open == Some(None) {
                    out.append(&mut pending);
                }
                close(&mut out, &mut open);
                flush_artifact(&mut out, &mut pending);
                let item = images.next().copied();
                let node = owner(item);
                begin(&mut out, node, &mut tagged);
                if let (Some(i), Some(_)) = (item, node) {
                    if let Some(slot) = tagged.mcids.get_mut(i) {
                        *slot = Some(tagged.next - 1);
                    }
                }
                out.push(op);
                out.push(operation("EMC", vec![]));
            }
            _ if open == Some(None) => out.push(op),
            _ => pending.push(op),
        }
    }
    if open == Some(None) {
        out.append(&mut pending);
    }
    close(&mut out, &mut open);
    flush_artifact(&mut out, &mut pending);
    let bytes = Content { operations: out }.encode().map_err(err)?;
    let id = doc.add_object(Stream::new(lopdf::Dictionary::new(), bytes));
    doc.get_dictionary_mut(page_id)
        .map_err(err)?
        .set("Contents", Object::Reference(id));
    Ok(tagged)
}

/// A kid of a structure element, in reading order.
#[derive(Clone, Copy, PartialEq)]
enum Kid {
    Node(usize),
    Content { page: usize, mcid: i64 },
    Annotation { page: usize, id: ObjectId },
}

/// The structure tree (PDF 32000 §14.7.2, ISO 14289-1 §7): the layout's elements that hold
/// content, in the order of the content on the pages, with the parent tree mapping marked
/// content and annotations back to them.
fn structure(
    doc: &mut Document,
    pages: &[ObjectId],
    tagged: &[Tagged],
    annotations: &[Vec<(usize, ObjectId)>],
    layout: &Layout,
) -> Result<(), String> {
    let nodes = &layout.structure;
    let mut kids: Vec<Vec<Kid>> = vec![Vec::new(); nodes.len()];
    let mut attached = vec![false; nodes.len()];
    fn attach(
        n: usize,
        nodes: &[super::layout::Node],
        attached: &mut [bool],
        kids: &mut [Vec<Kid>],
    ) {
        if attached[n] {
            return;
        }
        attached[n] = true;
        if let Some(parent) = nodes[n].parent {
            attach(parent, nodes, attached, kids);
            kids[parent].push(Kid::Node(n));
        }
    }
    if !nodes.is_empty() {
        attach(0, nodes, &mut attached, &mut kids);
    }
    for (index, page) in layout.pages.iter().enumerate() {
        let Some(marks) = tagged.get(index) else {
            continue;
        };
        let page_annotations = annotations.get(index).map_or(&[][..], Vec::as_slice);
        for (position, owner) in page.owners.iter().enumerate() {
            let Some(node) = *owner else { continue };
            if node >= nodes.len() {
                continue;
            }
            let mcid = marks.mcids.get(position).copied().flatten();
            let annotation = page_annotations
                .iter()
                .find(|(p, _)| *p == position)
                .map(|(_, id)| *id);
            if mcid.is_none() && annotation.is_none() {
                continue;
            }
            attach(node, nodes, &mut attached, &mut kids);
            if let Some(mcid) = mcid {
                let kid = Kid::Content { page: index, mcid };
                if !kids[node].contains(&kid) {
                    kids[node].push(kid);
                }
            }
            if let Some(id) = annotation {
                kids[node].push(Kid::Annotation { page: index, id });
            }
        }
    }
    // Empty cells keep their place, so that every row has all its columns.
    for n in 0..nodes.len() {
        let parent = nodes[n].parent;
        if matches!(nodes[n].role, Role::TH | Role::TD)
            && !attached[n]
            && parent.is_some_and(|p| attached[p])
        {
            attach(n, nodes, &mut attached, &mut kids);
        }
    }
    for (n, node) in nodes.iter().enumerate() {
        if node.role == Role::TR {
            kids[n].sort_by_key(|k| match k {
                Kid::Node(c) => *c,
                _ => usize::MAX,
            });
        }
    }
    let root_id = doc.new_object_id();
    let ids: Vec<Option<ObjectId>> = attached
        .iter()
        .map(|a| a.then(|| doc.new_object_id()))
        .collect();
    // The parent tree: each page's MCIDs, then each annotation, to their element.
    let mut parent_tree: Vec<Object> = Vec::new();
    for (index, marks) in tagged.iter().enumerate() {
        let elements = marks
            .nodes
            .iter()
            .map(|n| match n.and_then(|n| ids.get(n).copied().flatten()) {
                Some(id) => Object::Reference(id),
                None => Object::Null,
            })
            .collect();
        parent_tree.push(Object::Integer(index as i64));
        parent_tree.push(Object::Array(elements));
    }
    let mut next_key = tagged.len() as i64;
    for (n, node_kids) in kids.iter().enumerate() {
        let Some(id) = ids[n] else { continue };
        let node = &nodes[n];
        let mut k = Vec::with_capacity(node_kids.len());
        let mut first_page = None;
        for kid in node_kids {
            match kid {
                Kid::Node(c) => {
                    if let Some(child) = ids[*c] {
                        k.push(Object::Reference(child));
                    }
                }
                Kid::Content { page, mcid } => {
                    let page_ref = pages.get(*page).copied().ok_or("page missing")?;
                    // On the element's own page (its /Pg) an MCID stands alone.
                    if *first_page.get_or_insert(page_ref) == page_ref {
                        k.push(Object::Integer(*mcid));
                    } else {
                        k.push(Object::Dictionary(dictionary! {
                            "Type" => "MCR",
                            "Pg" => Object::Reference(page_ref),
                            "MCID" => *mcid,
                        }));
                    }
                }
                Kid::Annotation { page, id: annot } => {
                    let page_ref = pages.get(*page).copied().ok_or("page missing")?;
                    k.push(Object::Dictionary(dictionary! {
                        "Type" => "OBJR",
                        "Pg" => Object::Reference(page_ref),
                        "Obj" => Object::Reference(*annot),
                    }));
                    if let Ok(a) = doc.get_dictionary_mut(*annot) {
                        a.set("StructParent", next_key);
                    }
                    parent_tree.push(Object::Integer(next_key));
                    parent_tree.push(Object::Reference(id));
                    next_key += 1;
                }
            }
        }
        let parent = node
            .parent
            .and_then(|p| ids.get(p).copied().flatten())
            .unwrap_or(root_id);
        let mut element = dictionary! {
            "Type" => "StructElem",
            "S" => Object::Name(node.role.name().as_bytes().to_vec()),
            "P" => Object::Reference(parent),
            "K" => Object::Array(k),
        };
        if let Some(page) = first_page {
            element.set("Pg", Object::Reference(page));
        }
        if let Some(alt) = &node.alt {
            element.set("Alt", text_string(alt));
        }
        if node.role == Role::TH {
            element.set("A", dictionary! { "O" => "Table", "Scope" => "Column" });
        }
        doc.objects.insert(id, Object::Dictionary(element));
    }
    for (index, page_id) in pages.iter().enumerate() {
        if index < tagged.len() {
            doc.get_dictionary_mut(*page_id)
                .map_err(err)?
                .set("StructParents", index as i64);
        }
    }
    let parent_tree_id = doc.add_object(dictionary! { "Nums" => Object::Array(parent_tree) });
    let document = ids.first().copied().flatten().ok_or("empty structure")?;
    doc.objects.insert(
        root_id,
        Object::Dictionary(dictionary! {
            "Type" => "StructTreeRoot",
            "K" => Object::Reference(document),
            "ParentTree" => Object::Reference(parent_tree_id),
            "ParentTreeNextKey" => next_key,
        }),
    );
    let catalog = doc.catalog_mut().map_err(err)?;
    catalog.set("StructTreeRoot", Object::Reference(root_id));
    catalog.set("MarkInfo", dictionary! { "Marked" => true });
    Ok(())
}
