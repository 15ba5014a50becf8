//! What kind of picture a file holds and how large it is, read from its header only
//! (imagesize): the questionnaire's logo is checked with it, and the writers that embed
//! pictures label them by it.

/// The picture formats crmspec embeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageKind {
    Png,
    Jpeg,
}

impl ImageKind {
    /// The file extension the questionnaire's logo must have.
    pub fn extension(self) -> &'static str {
        match self {
            ImageKind::Png => "png",
            ImageKind::Jpeg => "jpg",
        }
    }
}

/// The kind of picture `bytes` hold, if crmspec can embed it.
pub fn kind(bytes: &[u8]) -> Option<ImageKind> {
    match imagesize::image_type(bytes).ok()? {
        imagesize::ImageType::Png => Some(ImageKind::Png),
        imagesize::ImageType::Jpeg => Some(ImageKind::Jpeg),
        _ => None,
    }
}

/// Width and height in pixels, from the header, without decoding the picture: a picture too
/// large to decode can be refused before it takes the memory.
pub fn dimensions(bytes: &[u8]) -> Option<(usize, usize)> {
    let size = imagesize::blob_size(bytes).ok()?;
    Some((size.width, size.height))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_png_from_jpeg_and_reads_the_size() {
        let png = include_bytes!("../specs/velo-horizon-logo.png");
        assert_eq!(kind(png), Some(ImageKind::Png));
        assert!(dimensions(png).is_some_and(|(w, h)| w > 0 && h > 0));
        let jpeg = include_bytes!("../specs/northwind-logo.jpg");
        assert_eq!(kind(jpeg), Some(ImageKind::Jpeg));
        assert!(dimensions(jpeg).is_some_and(|(w, h)| w > 0 && h > 0));
        assert_eq!(kind(b"GIF89a"), None);
        assert_eq!(kind(b""), None);
    }
}
