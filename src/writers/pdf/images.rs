//! Images for the PDF: decoded, alpha flattened onto white (genpdf rejects alpha channels),
//! and kept as RGB so the size they take on the page can be computed before drawing.

use image::{DynamicImage, GenericImageView, Rgb, RgbImage};

/// Decodes PNG or JPEG bytes into an opaque RGB image.
pub fn decode(bytes: &[u8]) -> Result<RgbImage, String> {
    let image = image::load_from_memory(bytes).map_err(|e| e.to_string())?;
    Ok(flatten(&image))
}

/// Composites every pixel over white, so transparent areas print as paper.
fn flatten(image: &DynamicImage) -> RgbImage {
    let (width, height) = image.dimensions();
    let rgba = image.to_rgba8();
    let mut out = RgbImage::new(width, height);
    for (x, y, pixel) in rgba.enumerate_pixels() {
        let [r, g, b, a] = pixel.0;
        let blend = |c: u8| -> u8 {
            let (c, a) = (u32::from(c), u32::from(a));
            ((c * a + 255 * (255 - a) + 127) / 255) as u8
        };
        out.put_pixel(x, y, Rgb([blend(r), blend(g), blend(b)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{Rgba, RgbaImage};

    #[test]
    fn flattens_transparency_onto_white() {
        let mut rgba = RgbaImage::new(2, 1);
        rgba.put_pixel(0, 0, Rgba([0, 0, 0, 0]));
        rgba.put_pixel(1, 0, Rgba([0, 0, 0, 255]));
        let flat = flatten(&DynamicImage::ImageRgba8(rgba));
        assert_eq!(flat.get_pixel(0, 0).0, [255, 255, 255]);
        assert_eq!(flat.get_pixel(1, 0).0, [0, 0, 0]);
    }
}
