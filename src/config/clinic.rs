//! The clinic's details in site.toml: contact, address (one line or in
//! parts, with optional coordinates) and the numbers care cards give.

use super::*;

/// The numbers care cards give: `emergency = "999"`, `urgent = "111"`
/// (or 911, a clinic's own line). Cards say what to do without a number
/// when none is set.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Care {
    #[serde(default)]
    pub emergency: String,
    #[serde(default)]
    pub urgent: String,
    /// Words that, outside an emergency or urgent card, `lumbar check` warns
    /// about; `None` is the back-pain list in `check.rs`, `[]` turns it off.
    #[serde(default)]
    pub red_flags: Option<Vec<String>>,
}

/// The practice's details, shown in the footer and in JSON-LD.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Clinic {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub address: Address,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub booking_url: String,
    /// schema.org opening hours: `["Mo-Fr 08:00-19:00", "Sa 09:00-13:00"]`.
    #[serde(default)]
    pub opening_hours: Vec<String>,
    #[serde(default)]
    pub geo: Option<Geo>,
    /// The clinic's logo (a path below `static/` or `content/`, from `/`).
    #[serde(default)]
    pub logo: String,
}

/// The clinic's address: one line of text, or its parts (which JSON-LD
/// gives search engines as a `PostalAddress`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Address {
    Line(String),
    Parts(AddressParts),
}

impl Default for Address {
    fn default() -> Address {
        Address::Line(String::new())
    }
}

impl Address {
    /// The address on one line, as the footer shows it.
    pub fn line(&self) -> String {
        match self {
            Address::Line(s) => s.trim().to_string(),
            Address::Parts(p) => [&p.street, &p.locality, &p.region, &p.postcode, &p.country]
                .into_iter()
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AddressParts {
    #[serde(default)]
    pub street: String,
    /// Town or city.
    #[serde(default)]
    pub locality: String,
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub postcode: String,
    /// Country code (`GB`) or name.
    #[serde(default)]
    pub country: String,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Geo {
    pub latitude: f64,
    pub longitude: f64,
}
