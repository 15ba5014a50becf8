//! A figure as a PNG picture, for outputs that cannot take SVG (the Word document). The SVG is
//! rasterised with resvg using crmspec's own fonts, so the text fits its boxes as in the PDF.

use super::Figure;
use resvg::{tiny_skia, usvg};
use std::sync::{Arc, OnceLock};

/// Pixels per millimetre: 200 dpi, sharp on paper without bloating the file.
const PX_PER_MM: f32 = 200.0 / 25.4;

/// The PNG bytes with the picture's width and height in pixels.
pub fn to_png(figure: &Figure) -> Result<(Vec<u8>, u32, u32), String> {
    let options = usvg::Options {
        fontdb: fonts().clone(),
        font_family: "Liberation Sans".into(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(&figure.to_svg(), &options).map_err(|e| e.to_string())?;
    let width = (figure.width as f32 * PX_PER_MM).round() as u32;
    let height = (figure.height as f32 * PX_PER_MM).round() as u32;
    let mut pixmap =
        tiny_skia::Pixmap::new(width, height).ok_or_else(|| "figure of no size".to_string())?;
    pixmap.fill(tiny_skia::Color::WHITE);
    let size = tree.size();
    let transform = tiny_skia::Transform::from_scale(
        width as f32 / size.width(),
        height as f32 / size.height(),
    );
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    let png = pixmap.encode_png().map_err(|e| e.to_string())?;
    Ok((png, width, height))
}

/// The bundled fonts, parsed once for every figure of every document.
fn fonts() -> &'static Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    FONTS.get_or_init(|| {
        let mut fonts = usvg::fontdb::Database::new();
        let sans = crate::fonts::SANS;
        for face in [sans.regular, sans.bold, sans.italic, sans.bold_italic] {
            fonts.load_font_data(face.to_vec());
        }
        fonts.load_font_data(crate::fonts::SYMBOL.to_vec());
        Arc::new(fonts)
    })
}
