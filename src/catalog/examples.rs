//! Example command lines for each ticket category, as data: `--help` and
//! the man pages print them, and a test runs every one through the road
//! (each must compose, or be refused with the reason written beside it).

use super::{CategoryId, Plan};

/// One example: what it shows, the command line after `9pic-help`, the plan
/// it assumes (the profile's), and the refusal it shows, if it shows one.
#[derive(Debug, Clone, Copy)]
pub struct Example {
    pub category: CategoryId,
    pub about: &'static str,
    pub args: &'static [&'static str],
    pub plan: Plan,
    pub refused: Option<&'static str>,
}

impl Example {
    const fn new(category: CategoryId, about: &'static str, args: &'static [&'static str]) -> Self {
        Example {
            category,
            about,
            args,
            plan: Plan::Pro,
            refused: None,
        }
    }
    const fn on(mut self, plan: Plan) -> Self {
        self.plan = plan;
        self
    }
    const fn refused(mut self, why: &'static str) -> Self {
        self.refused = Some(why);
        self
    }
}

use CategoryId as C;

/// Every example, grouped by category in help order.
pub const EXAMPLES: &[Example] = &[
    Example::new(
        C::Billing,
        "A payment still Pending 10 minutes after Recheck",
        &[
            "billing",
            "--issue",
            "pending",
            "--payment-id",
            "pay_123",
            "--when",
            "40m ago",
            "--rechecked",
        ],
    ),
    Example::new(
        C::Billing,
        "Charged but no credits, with the gateway's reference",
        &[
            "billing",
            "--issue",
            "not-credited",
            "--payment-id",
            "pay_456",
            "--when",
            "2h ago",
            "--rechecked",
            "--gateway-ref",
            "ch_3Nx",
        ],
    ),
    Example::new(
        C::Billing,
        "Before Recheck: turned back with the self-serve route",
        &[
            "billing",
            "--issue",
            "pending",
            "--payment-id",
            "pay_123",
            "--when",
            "20m ago",
        ],
    )
    .refused("Recheck comes first"),
    Example::new(
        C::Billing,
        "A corrected company name on an issued invoice",
        &[
            "billing",
            "--issue",
            "invoice-correction",
            "--payment-id",
            "pay_789",
            "--company",
            "Acme Events GmbH",
        ],
    ),
    Example::new(
        C::Invoices,
        "Every invoice of a quarter",
        &["invoices", "--from", "2026-07-01", "--to", "2026-09-30"],
    ),
    Example::new(
        C::Invoices,
        "Last year's invoices as one zip",
        &[
            "invoices",
            "--year",
            "2025",
            "--details",
            "One zip file with PDFs, please",
        ],
    ),
    Example::new(
        C::Invoices,
        "One day on Pay As You Go: download it yourself",
        &["invoices", "--from", "2026-07-01", "--to", "2026-07-01"],
    )
    .on(Plan::Payg)
    .refused("a single invoice is self-serve"),
    Example::new(C::Renewal, "Renew the Pro plan", &["renewal"]),
    Example::new(
        C::Renewal,
        "Renewal with a date and a note",
        &[
            "renewal",
            "--renewal-date",
            "2027-01-31",
            "--details",
            "Please renew for another year",
        ],
    ),
    Example::new(
        C::Renewal,
        "On Pay As You Go there is no plan to renew",
        &["renewal"],
    )
    .on(Plan::Payg)
    .refused("no plan to renew"),
    Example::new(
        C::Feature,
        "Switch on 9Pic Flow",
        &["feature", "--product", "flow"],
    ),
    Example::new(
        C::Feature,
        "Several by-request products at once",
        &["feature", "--product", "buzz,certify"],
    ),
    Example::new(
        C::Feature,
        "Checkout is an Enterprise product",
        &["feature", "--product", "checkout"],
    )
    .refused("Checkout comes with Enterprise"),
    Example::new(
        C::Enterprise,
        "Selling photos online at volume",
        &[
            "enterprise",
            "--volume",
            "200k",
            "--products",
            "checkout,developer-zone",
            "--timeline",
            "March 2027",
        ],
    ),
    Example::new(
        C::Enterprise,
        "An NDA and a security overview (no volume needed)",
        &[
            "enterprise",
            "--products",
            "nda,security-overview",
            "--timeline",
            "Client review on 15 December",
        ],
    ),
    Example::new(
        C::Enterprise,
        "Ask for a call",
        &[
            "enterprise",
            "--volume",
            "1.2M",
            "--products",
            "sla",
            "--timeline",
            "Q1 2027",
            "--phone",
            "+49 30 1234567",
        ],
    ),
    Example::new(
        C::Ops,
        "Processing stuck on an event",
        &[
            "ops",
            "--issue",
            "processing-stuck",
            "--event-id",
            "evt_42",
            "--when",
            "3h ago",
        ],
    ),
    Example::new(
        C::Ops,
        "An invite that never arrived, after three resends",
        &[
            "ops",
            "--issue",
            "invite-not-received",
            "--teammate",
            "ann@acme.example",
            "--resends",
            "3",
            "--when",
            "1h ago",
        ],
    ),
    Example::new(
        C::Ops,
        "A public link that does not load",
        &[
            "ops",
            "--issue",
            "public-link",
            "--event-id",
            "evt_42",
            "--when",
            "30m ago",
        ],
    ),
    Example::new(
        C::Domain,
        "A custom domain still not active",
        &[
            "domain",
            "--domain",
            "photos.acme.example",
            "--cname-target",
            "custom.9pic.ai",
            "--connected-at",
            "3d ago",
        ],
    ),
    Example::new(
        C::Domain,
        "The dashboard shows a verification error",
        &[
            "domain",
            "--issue",
            "verification-error",
            "--domain",
            "photos.acme.example",
            "--cname-target",
            "custom.9pic.ai",
            "--error",
            "CNAME record not found",
        ],
    ),
    Example::new(
        C::Domain,
        "Connected only 2 hours ago: wait 48 hours first",
        &[
            "domain",
            "--domain",
            "photos.acme.example",
            "--cname-target",
            "custom.9pic.ai",
            "--connected-at",
            "2h ago",
        ],
    )
    .refused("less than 48 hours"),
    Example::new(
        C::Upgrade,
        "A walk-through of the creative tools",
        &["upgrade", "--topic", "creative-tools"],
    )
    .on(Plan::Payg),
    Example::new(
        C::Upgrade,
        "Is Pro worth it for our usage?",
        &[
            "upgrade",
            "--topic",
            "break-even",
            "--events-per-year",
            "12",
            "--photos-per-event",
            "3k",
        ],
    )
    .on(Plan::Payg),
    Example::new(
        C::Upgrade,
        "Compare with Enterprise",
        &["upgrade", "--topic", "enterprise-comparison"],
    )
    .on(Plan::Payg),
    Example::new(
        C::Security,
        "Logins nobody recognises",
        &[
            "security",
            "--what",
            "Two logins from a country we never work in",
            "--when",
            "40m ago",
        ],
    ),
    Example::new(
        C::Security,
        "Password resets nobody asked for",
        &[
            "security",
            "--what",
            "Password reset emails we did not ask for",
            "--when",
            "2h ago",
            "--details",
            "Three in one hour",
        ],
    ),
    Example::new(
        C::Security,
        "Add a teammate in copy",
        &[
            "security",
            "--what",
            "A teammate we did not add",
            "--when",
            "1d ago",
            "--cc",
            "it@acme.example",
        ],
    ),
    Example::new(
        C::Bug,
        "A button that does nothing",
        &[
            "bug",
            "--summary",
            "Export button does nothing",
            "--page",
            "Events → Export",
        ],
    ),
    Example::new(
        C::Bug,
        "With steps, expected and actual",
        &[
            "bug",
            "--summary",
            "Watermark preview is blank",
            "--page",
            "Branding & Theme",
            "--steps",
            "Open Branding & Theme, upload a logo",
            "--expected",
            "The preview shows the logo",
            "--actual",
            "The preview is blank",
        ],
    ),
    Example::new(
        C::Bug,
        "As an .eml draft",
        &[
            "bug",
            "--summary",
            "Export button does nothing",
            "--page",
            "Events → Export",
            "--format",
            "eml",
        ],
    ),
    Example::new(
        C::Request,
        "A feature you would like",
        &[
            "request",
            "--summary",
            "Let guests download all their photos as one zip",
        ],
    ),
    Example::new(
        C::Request,
        "With the reason behind it",
        &[
            "request",
            "--summary",
            "Bulk tag photos",
            "--details",
            "We tag hundreds of photos per event",
        ],
    ),
    Example::new(
        C::Request,
        "As JSON for a script",
        &[
            "request",
            "--summary",
            "Bulk tag photos",
            "--format",
            "json",
        ],
    ),
    Example::new(
        C::Urgent,
        "Going live in 40 minutes and the gallery is blank",
        &[
            "urgent",
            "--event-id",
            "evt_77",
            "--go-live",
            "in 40m",
            "--summary",
            "Gallery shows a blank page",
        ],
    ),
    Example::new(
        C::Urgent,
        "The event started 2 hours ago",
        &[
            "urgent",
            "--event-id",
            "evt_79",
            "--go-live",
            "2h ago",
            "--summary",
            "Guests cannot open the gallery link",
            "--tried",
            "Regenerated the QR code",
        ],
    ),
    Example::new(
        C::Urgent,
        "Three days ahead is not an event-day emergency",
        &[
            "urgent",
            "--event-id",
            "evt_80",
            "--go-live",
            "in 3d",
            "--summary",
            "Uploads fail",
        ],
    )
    .refused("more than 24 hours ahead"),
    Example::new(
        C::Escalate,
        "Reply to a ticket sent from another machine",
        &[
            "escalate",
            "--subject",
            "Payment still Pending: pay_123",
            "--summary",
            "No reply after two business days",
        ],
    ),
    Example::new(
        C::Escalate,
        "Reply to the last ticket in the history",
        &["escalate", "--last", "--summary", "Still no reply"],
    )
    .refused("needs a ticket in the history"),
    Example::new(
        C::Escalate,
        "Reply to ticket 3 of the history",
        &["escalate", "--ticket", "3", "--summary", "Still no reply"],
    )
    .refused("needs ticket 3 in the history"),
    Example::new(
        C::Question,
        "A general question",
        &[
            "question",
            "--summary",
            "How long do event galleries stay online after the event?",
        ],
    ),
    Example::new(
        C::Question,
        "Stuck on a step",
        &[
            "question",
            "--topic",
            "stuck",
            "--summary",
            "Cannot finish the event setup wizard",
            "--page",
            "Run an Event → Step 3",
        ],
    ),
    Example::new(
        C::Question,
        "Is something down?",
        &[
            "question",
            "--topic",
            "status",
            "--summary",
            "Uploads time out since 14:00 UTC",
        ],
    ),
];

/// The examples of one category.
pub fn of(category: CategoryId) -> impl Iterator<Item = &'static Example> {
    EXAMPLES.iter().filter(move |e| e.category == category)
}
