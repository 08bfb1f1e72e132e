//! The one product table: what each product is called, how it is offered,
//! which plans unlock it, and where it can be asked for (`feature --product`,
//! `enterprise --products`).

use serde::Serialize;

use super::Choice;
use super::plans::Plan;

/// How a product is offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Availability {
    /// Generally available, part of a plan or a package.
    General,
    /// In Beta, switched on per org.
    Beta,
    /// Switched on by request.
    ByRequest,
}

/// One 9Pic product or Enterprise offering.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Product {
    /// The flag value (`flow`).
    pub value: &'static str,
    /// Its name in words (`9Pic Flow`).
    pub name: &'static str,
    pub availability: Availability,
    /// The plans that unlock it.
    pub plans: &'static [Plan],
    /// Its line in `feature --product` help, if it is switched on by request.
    pub feature: Option<&'static str>,
    /// Its line in `enterprise --products` help, if sales offers it.
    pub enterprise: Option<&'static str>,
    /// Where to talk about changing plans when the plan does not unlock it.
    pub if_locked: &'static str,
}

const PRO_UP: &[Plan] = &[Plan::Pro, Plan::Enterprise];
/// Motion: the guides name only Pro.
const PRO: &[Plan] = &[Plan::Pro];
const ENTERPRISE: &[Plan] = &[Plan::Enterprise];
const TO_UPGRADE: &str = "`9pic-help upgrade` (or `9pic-help enterprise`)";
const TO_ENTERPRISE: &str = "`9pic-help enterprise`";

const fn product(value: &'static str, name: &'static str, plans: &'static [Plan]) -> Product {
    Product {
        value,
        name,
        availability: Availability::General,
        plans,
        feature: None,
        enterprise: None,
        if_locked: TO_ENTERPRISE,
    }
}

impl Product {
    const fn beta(mut self) -> Self {
        self.availability = Availability::Beta;
        self
    }
    const fn by_request(mut self) -> Self {
        self.availability = Availability::ByRequest;
        self
    }
    const fn feature(mut self, help: &'static str) -> Self {
        self.feature = Some(help);
        self
    }
    const fn enterprise(mut self, help: &'static str) -> Self {
        self.enterprise = Some(help);
        self
    }
    const fn if_locked(mut self, route: &'static str) -> Self {
        self.if_locked = route;
        self
    }
}

/// Every product, in the order help lists them. An Enterprise offering's
/// help line is also how the email names it, in words.
pub const ALL: &[Product] = &[
    product("checkout", "9Pic Checkout", ENTERPRISE)
        .beta()
        .feature("9Pic Checkout: sell photos online (Beta, Enterprise only)")
        .enterprise("Selling photos online (9Pic Checkout)"),
    product("flow", "9Pic Flow", PRO_UP)
        .beta()
        .feature("9Pic Flow: AI video reels (Beta, Pro or Enterprise)")
        .if_locked(TO_UPGRADE),
    product("buzz", "9Pic Buzz", PRO_UP)
        .by_request()
        .feature("9Pic Buzz: frames and badges (by request, Pro or Enterprise)")
        .if_locked(TO_UPGRADE),
    product("certify", "9Pic Certify", PRO_UP)
        .by_request()
        .feature("9Pic Certify: certificates (by request, Pro or Enterprise)")
        .if_locked(TO_UPGRADE),
    product("select", "9Pic Select", PRO_UP)
        .by_request()
        .feature("9Pic Select: client photo proofing (by request, Pro or Enterprise)")
        .if_locked(TO_UPGRADE),
    product("motion", "9Pic Motion", PRO)
        .by_request()
        .feature("9Pic Motion (by request, on Pro)")
        .if_locked(TO_UPGRADE),
    product("developer-zone", "Developer Zone", ENTERPRISE)
        .enterprise("An API with webhooks (Developer Zone)"),
    product("payment-config", "Payment Config", ENTERPRISE)
        .enterprise("A custom payment gateway (Payment Config)"),
    product("custom-integration", "A custom integration", ENTERPRISE)
        .enterprise("A custom integration with our own systems"),
    product("sla", "A service-level agreement", ENTERPRISE)
        .enterprise("A service-level agreement (SLA)"),
    product("high-volume-pricing", "High-volume pricing", ENTERPRISE)
        .enterprise("Pricing for a high photo volume"),
    product("nda", "An NDA", ENTERPRISE).enterprise("An NDA"),
    product("security-overview", "A security overview", ENTERPRISE)
        .enterprise("A security overview"),
    product("account-manager", "A dedicated account manager", ENTERPRISE)
        .enterprise("A dedicated account manager"),
    product("compliance", "Compliance documents", ENTERPRISE)
        .enterprise("Compliance documents and answers"),
];

/// Offerings that are papers or people, not volume: asking only for these
/// needs no photo volume.
pub const NO_VOLUME_NEEDED: &[&str] =
    &["nda", "security-overview", "account-manager", "compliance"];

/// The product with this value.
pub fn find(value: &str) -> Option<&'static Product> {
    ALL.iter().find(|p| p.value == value)
}

/// Where a product can be asked for.
#[derive(Clone, Copy)]
enum Offer {
    Feature,
    Enterprise,
}

const fn help(p: &Product, offer: Offer) -> Option<&'static str> {
    match offer {
        Offer::Feature => p.feature,
        Offer::Enterprise => p.enterprise,
    }
}

const fn count(offer: Offer) -> usize {
    let (mut i, mut n) = (0, 0);
    while i < ALL.len() {
        if help(&ALL[i], offer).is_some() {
            n += 1;
        }
        i += 1;
    }
    n
}

const fn choices<const N: usize>(offer: Offer) -> [Choice; N] {
    let mut out = [Choice::new("", ""); N];
    let (mut i, mut n) = (0, 0);
    while i < ALL.len() {
        if let Some(label) = help(&ALL[i], offer) {
            out[n] = Choice::new(ALL[i].value, label).named(ALL[i].name);
            n += 1;
        }
        i += 1;
    }
    out
}

/// The products `feature --product` switches on.
pub const FEATURE: &[Choice] = &choices::<{ count(Offer::Feature) }>(Offer::Feature);

/// The offerings `enterprise --products` asks sales about.
pub const ENTERPRISE_OFFERS: &[Choice] =
    &choices::<{ count(Offer::Enterprise) }>(Offer::Enterprise);
