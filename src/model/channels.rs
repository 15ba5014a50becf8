//! The `channel_roles`, `channels` and `mobile` sections: every point of contact, the role it
//! plays (with a colour), where it sends the customer and who does the work.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChannelRole {
    /// Short key channels refer to in `roles` (`sell`).
    pub id: String,
    /// The role's name as shown (`Vendre`).
    pub name: String,
    /// Its colour, everywhere the role is drawn.
    pub colour: Colour,
    /// (optional) What channels with this role do.
    #[serde(default)]
    pub description: Option<String>,
}

/// Named colours only: they must read the same in a table cell, a legend and a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
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

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Channel {
    /// Short key other channels redirect to (`store`).
    pub id: String,
    /// The channel's name as shown.
    pub name: String,
    /// The kind of touchpoint.
    pub kind: ChannelKind,
    /// `channel_roles` ids this channel plays.
    pub roles: Vec<String>,
    /// What the channel offers the customer.
    pub function: String,
    /// (optional) Where it sends the customer, and how.
    #[serde(default)]
    pub redirects: Vec<Redirect>,
    /// (optional) Tasks done without a person (invoice kiosk, pre-filled cancellation form).
    #[serde(default)]
    pub automated: Vec<String>,
    /// (optional) Tasks a person handles.
    #[serde(default)]
    pub human: Vec<String>,
    /// (optional) Who it addresses, when not everyone.
    #[serde(default)]
    pub audience: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
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

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Redirect {
    /// The `id` of the channel the customer is sent to.
    pub to: String,
    /// How: `qr_code`, `link`, `store_locator`, `sound_recognition`, `phone_number`, `coupon`, `nfc`, `notification`, `email`, `sms`, `staff`, `other`.
    pub via: Via,
    /// (optional) Detail shown with the redirect.
    #[serde(default)]
    pub note: Option<String>,
}

/// How a channel sends the customer to another one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
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

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Mobile {
    /// What customers already do on their phone.
    #[serde(default)]
    pub current_usages: Vec<String>,
    /// What mobile should do better.
    #[serde(default)]
    pub improvements: Vec<String>,
    /// (optional) How mobile contacts are personalised.
    #[serde(default)]
    pub personalisation: Vec<String>,
    /// (optional) Surveys: `sms_hot`, `sms_cold`, `in_app`, `email`.
    #[serde(default)]
    pub surveys: Vec<Survey>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Survey {
    SmsHot,
    SmsCold,
    InApp,
    Email,
}
