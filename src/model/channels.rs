//! The `channel_roles`, `channels` and `mobile` sections: every point of contact, the role it
//! plays (with a colour), where it sends the customer and who does the work.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelRole {
    pub id: String,
    pub name: String,
    pub colour: Colour,
    #[serde(default)]
    pub description: Option<String>,
}

/// Named colours only: they must read the same in a table cell, a legend and a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Colour {
    Red,
    Orange,
    Yellow,
    Green,
    Teal,
    Blue,
    Purple,
    Pink,
    Brown,
    Grey,
    Black,
}

impl Colour {
    /// The shade used wherever the colour is drawn (legend swatches, figures).
    pub fn hex(self) -> &'static str {
        match self {
            Colour::Red => "#D62828",
            Colour::Orange => "#F77F00",
            Colour::Yellow => "#F2C318",
            Colour::Green => "#2A9D4B",
            Colour::Teal => "#1B998B",
            Colour::Blue => "#1F6FB2",
            Colour::Purple => "#7B4BA0",
            Colour::Pink => "#E0719E",
            Colour::Brown => "#8B5A2B",
            Colour::Grey => "#8A8F98",
            Colour::Black => "#222222",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Channel {
    pub id: String,
    pub name: String,
    pub kind: ChannelKind,
    pub roles: Vec<String>,
    pub function: String,
    #[serde(default)]
    pub redirects: Vec<Redirect>,
    #[serde(default)]
    pub automated: Vec<String>,
    #[serde(default)]
    pub human: Vec<String>,
    #[serde(default)]
    pub audience: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChannelKind {
    TvAd,
    Press,
    Franchise,
    StreetFurniture,
    Forum,
    SearchKeywords,
    WebBanner,
    Radio,
    Chat,
    Emailing,
    Reviews,
    Store,
    Mailing,
    Ecommerce,
    SocialNetworks,
    Flyers,
    PriceComparator,
    Coupons,
    Phone,
    Sms,
    MobileApp,
    Kiosk,
    Other,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Redirect {
    pub to: String,
    pub via: Via,
    #[serde(default)]
    pub note: Option<String>,
}

/// How a channel sends the customer to another one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Via {
    QrCode,
    Link,
    StoreLocator,
    SoundRecognition,
    PhoneNumber,
    Coupon,
    Nfc,
    Notification,
    Email,
    Sms,
    Staff,
    Other,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Mobile {
    #[serde(default)]
    pub current_usages: Vec<String>,
    #[serde(default)]
    pub improvements: Vec<String>,
    #[serde(default)]
    pub personalisation: Vec<String>,
    #[serde(default)]
    pub surveys: Vec<Survey>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Survey {
    SmsHot,
    SmsCold,
    InApp,
    Email,
}
