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

/// Every product, in the order help lists them.
pub const ALL: &[Product] = &[
    product("checkout", "9Pic Checkout", ENTERPRISE)
        .beta()
        .feature("9Pic Checkout: sell photos online (Beta, Enterprise only)")
        .enterprise("9Pic Checkout: selling event photos online"),
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
    product("motion", "9Pic Motion", PRO_UP)
        .by_request()
        .feature("9Pic Motion (can be enabled on Pro)")
        .if_locked(TO_UPGRADE),
    product("developer-zone", "Developer Zone", ENTERPRISE)
        .enterprise("Developer Zone: API keys and webhooks"),
    product("payment-config", "Payment Config", ENTERPRISE)
        .enterprise("Payment Config: a custom payment gateway, country or merchant"),
    product("custom-integration", "A custom integration", ENTERPRISE)
        .enterprise("integrating 9Pic into your own apps"),
    product("sla", "A service-level agreement", ENTERPRISE).enterprise("a service-level agreement"),
    product("high-volume-pricing", "High-volume pricing", ENTERPRISE)
        .enterprise("unit pricing for high photo volume"),
    product("account-manager", "A dedicated account manager", ENTERPRISE)
        .enterprise("a dedicated account manager"),
    product(
        "compliance",
        "Compliance, an NDA or a security overview",
        ENTERPRISE,
    )
    .enterprise("compliance, NDA or a security overview"),
];

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
